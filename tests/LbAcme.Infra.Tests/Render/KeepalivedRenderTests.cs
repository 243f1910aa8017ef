using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LbAcme.Infra.Tests.Render;

/// <summary>The rendered keepalived.conf passes the real keepalived -t and lays VRRP out as the reference design does.</summary>
public sealed partial class KeepalivedRenderTests : IDisposable
{
    private readonly FleetFiles _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb1")]
    [InlineData("lb2")]
    public async Task Keepalived_accepts_the_rendered_config(string lb)
    {
        var config = Path.Combine(_fleet.Directory, $"keepalived-{lb}.conf");
        var render = await SidecarCli.RunAsync("render", "keepalived", "--lb", lb, "--config", _fleet.Write(), "--out", config);
        Assert.True(render.ExitCode == 0, render.ToString());

        var check = await Command.RunAsync("keepalived", ["-t", "-f", config], TimeSpan.FromSeconds(30));

        Assert.True(check.ExitCode == 0 && check.StandardError.Length == 0, check + "\n--- config ---\n" + await File.ReadAllTextAsync(config));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
    }

    [Fact]
    public async Task The_keepalived_check_fails_on_a_broken_config()
    {
        var config = Path.Combine(_fleet.Directory, "broken.conf");
        var text = await SidecarCli.RenderAsync("keepalived", _fleet.Write(), "--lb", "lb0");
        await File.WriteAllTextAsync(config, text.Replace("    priority ", "    priorty ", StringComparison.Ordinal));

        var check = await Command.RunAsync("keepalived", ["-t", "-f", config], TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, check.ExitCode);
    }

    [Fact]
    public async Task VIP_j_lives_on_LB_j_and_fails_over_to_the_next_LB()
    {
        var table = await PrioritiesAsync(_fleet.Write(), 3);

        Assert.Equal([254, 252, 253], table[0]);
        Assert.Equal([253, 254, 252], table[1]);
        Assert.Equal([252, 253, 254], table[2]);
    }

    [Fact]
    public async Task Every_VIP_gets_a_different_home_LB_for_any_fleet_size()
    {
        using var fleet = new FleetFiles(loadBalancers: 4, vips: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]);
        var priorities = await PrioritiesAsync(fleet.Write(), 4);

        for (var vip = 0; vip < 4; vip++)
        {
            var column = priorities.Select(p => p[vip]).ToList();
            Assert.Equal(4, column.Distinct().Count());
            Assert.All(column, p => Assert.InRange(p, 251, 254));
        }
        Assert.Equal([0, 1, 2, 3], Homes(priorities));
    }

    [Fact]
    public async Task A_fourth_LB_takes_no_VIP_and_leaves_every_backup_order_alone()
    {
        var before = await PrioritiesAsync(_fleet.Write(), 3);
        AddLoadBalancer(_fleet, "lb3", "192.0.2.13");
        var after = await PrioritiesAsync(_fleet.Write(), 4);

        Assert.Equal(Homes(before), Homes(after));
        Assert.Equal([0, 1, 2], Homes(before));
        for (var vip = 0; vip < 3; vip++)
        {
            Assert.Equal(Order(before, vip), Order(after, vip).Where(lb => lb != 3));
        }
    }

    [Fact]
    public async Task With_the_rotation_pinned_an_added_LB_changes_no_priority_even_with_more_VIPs_than_LBs()
    {
        using var fleet = new FleetFiles(vips: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "2001:db8::1", "2001:db8::2", "2001:db8::3"]);
        var before = await PrioritiesAsync(fleet.Write(), 3);
        fleet.Json["Fleet"]!["Keepalived"]!["Rotation"] = new JsonArray("lb0", "lb1", "lb2");
        AddLoadBalancer(fleet, "lb3", "192.0.2.13");
        var after = await PrioritiesAsync(fleet.Write(), 4);

        for (var lb = 0; lb < 3; lb++)
        {
            Assert.Equal(before[lb], after[lb]);
        }
        Assert.Equal([0, 1, 2, 0, 1, 2], Homes(before));
        Assert.All(after[3], p => Assert.True(p < after.Take(3).Min(q => q.Min()), $"lb3's {p} is above an existing LB's priority"));
    }

    [Fact]
    public async Task Removing_an_LB_whose_name_stays_in_the_rotation_moves_only_its_VIPs_to_the_next_LB()
    {
        using var fleet = new FleetFiles(loadBalancers: 4, vips: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]);
        fleet.Json["Fleet"]!["Keepalived"]!["Rotation"] = new JsonArray("lb0", "lb1", "lb2", "lb3");
        var before = await PrioritiesAsync(fleet.Write(), 4);
        fleet.Json["Fleet"]!["LoadBalancers"]!.AsArray().RemoveAt(1);
        string[] remaining = ["lb0", "lb2", "lb3"];
        var after = new List<int[]>();
        foreach (var lb in remaining)
        {
            after.Add([.. Instances(await SidecarCli.RenderAsync("keepalived", fleet.Write(), "--lb", lb)).Select(i => i.Priority)]);
        }

        Assert.Equal([0, 1, 2, 3], Homes(before));
        Assert.Equal(["lb0", "lb2", "lb2", "lb3"], Homes(after).Select(i => remaining[i]));
        Assert.Equal(new List<int[]> { before[0], before[2], before[3] }, after);
    }

    [Theory]
    [InlineData("[\"lb0\", \"lb1\", \"lb0\"]", "Fleet:Keepalived:Rotation: 'lb0' appears 2 times")]
    [InlineData("[\"old1\", \"old2\"]", "Fleet:Keepalived:Rotation: names none of Fleet:LoadBalancers")]
    [InlineData("[\"lb0\", \"\"]", "Fleet:Keepalived:Rotation[1]: empty")]
    public async Task A_bad_rotation_is_refused_naming_the_field(string rotation, string expected)
    {
        _fleet.Json["Fleet"]!["Keepalived"]!["Rotation"] = JsonNode.Parse(rotation);

        var result = await SidecarCli.RunAsync("render", "keepalived", "--lb", "lb0", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_instance_tracks_HAProxy_through_the_Runtime_API_socket_and_faults_without_it()
    {
        _fleet.Json["Fleet"]!["HaProxy"]!["RuntimeSocket"] = "/run/haproxy/admin.sock";
        var text = await SidecarCli.RenderAsync("keepalived", _fleet.Write(), "--lb", "lb0");
        var script = ScriptPattern().Match(text);

        Assert.True(script.Success, text);
        var body = script.Groups["body"].Value;
        Assert.Contains($"script \"{Path.Combine(TestTools.RepoRoot, "infra", "packaging", "keepalived-haproxy-check")} /run/haproxy/admin.sock\"", body, StringComparison.Ordinal);
        Assert.Contains("init_fail", body, StringComparison.Ordinal);
        Assert.All(Instances(text), i => Assert.Matches(@"track_script \{\s*haproxy_alive\s*\}", i.Body));
        Assert.DoesNotContain("weight", text, StringComparison.Ordinal); // FAULT, not a priority change
    }

    [Fact]
    public async Task A_check_script_path_keepalived_would_split_is_refused_naming_the_field()
    {
        _fleet.Json["Fleet"]!["Keepalived"]!["HaProxyCheckScript"] = "/opt/my scripts/check";

        var result = await SidecarCli.RunAsync("render", "keepalived", "--lb", "lb0", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Fleet:Keepalived:HaProxyCheckScript: '/opt/my scripts/check' must be an absolute path without spaces", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_are_all_BACKUP_with_distinct_router_ids_and_only_IPv4_carries_the_secret()
    {
        var text = await SidecarCli.RenderAsync("keepalived", _fleet.Write(), "--lb", "lb0");
        var instances = Instances(text);

        Assert.Equal(3, instances.Count);
        Assert.All(instances, i => Assert.Equal("BACKUP", i.State));
        Assert.Equal([51, 52, 53], instances.Select(i => i.RouterId));
        Assert.Equal(["198.51.100.1/32", "198.51.100.2/32", "2001:db8::1/128"], instances.Select(i => i.Vip));
        Assert.Equal([true, true, false], instances.Select(i => i.Body.Contains($"auth_pass {FleetFiles.VrrpSecret}", StringComparison.Ordinal)));
        Assert.DoesNotContain("nopreempt", text, StringComparison.Ordinal);
        Assert.DoesNotContain(FleetFiles.VrrpSecret, await File.ReadAllTextAsync(Path.Combine(_fleet.Directory, "fleet.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_comes_from_the_environment_before_the_file()
    {
        var result = await SidecarCli.RunAsync(new Dictionary<string, string> { ["LBACME_VRRP_AUTH_PASS"] = "fromEnv1" },
            "render", "keepalived", "--lb", "lb0", "--config", _fleet.Write());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("auth_pass fromEnv1\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_secret_is_refused_naming_the_field()
    {
        File.Delete(_fleet.PassFile);

        var result = await SidecarCli.RunAsync("render", "keepalived", "--lb", "lb0", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"Fleet:Keepalived:AuthPassFile ('{_fleet.PassFile}')", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Router_ids_past_255_are_refused_naming_the_field()
    {
        _fleet.Json["Fleet"]!["Keepalived"]!["VirtualRouterIdBase"] = 254;

        var result = await SidecarCli.RunAsync("render", "keepalived", "--lb", "lb0", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Fleet:Keepalived:VirtualRouterIdBase: 254 gives ids up to 256", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keepalived_drop_in_cleans_every_VIP_before_start_and_after_any_stop()
    {
        var text = await SidecarCli.RenderAsync("keepalived-dropin", _fleet.Write(), "--lb", "lb0");
        const string Command = "/usr/lib/lb-acme/keepalived-vip-cleanup eth0 198.51.100.1/32 198.51.100.2/32 2001:db8::1/128";

        Assert.Contains("[Service]\n", text, StringComparison.Ordinal);
        Assert.Contains($"ExecStartPre=-{Command}\n", text, StringComparison.Ordinal);
        Assert.Contains($"ExecStopPost=-{Command}\n", text, StringComparison.Ordinal);
    }

    /// <summary>Row per LB (lb0..), column per VIP: the rendered priorities.</summary>
    private static async Task<List<int[]>> PrioritiesAsync(string config, int loadBalancers)
    {
        var table = new List<int[]>();
        for (var lb = 0; lb < loadBalancers; lb++)
        {
            table.Add([.. Instances(await SidecarCli.RenderAsync("keepalived", config, "--lb", $"lb{lb}")).Select(i => i.Priority)]);
        }
        return table;
    }

    /// <summary>Per VIP, the row of the LB with the top priority: where keepalived's election puts it.</summary>
    private static List<int> Homes(List<int[]> priorities) =>
        [.. Enumerable.Range(0, priorities[0].Length).Select(vip => Order(priorities, vip)[0])];

    /// <summary>The rows by falling priority on <paramref name="vip"/>: master first, then the backups in line.</summary>
    private static List<int> Order(List<int[]> priorities, int vip) =>
        [.. Enumerable.Range(0, priorities.Count).OrderByDescending(lb => priorities[lb][vip])];

    private static void AddLoadBalancer(FleetFiles fleet, string name, string address) =>
        fleet.Json["Fleet"]!["LoadBalancers"]!.AsArray().Add(new JsonObject { ["Name"] = name, ["Address"] = address });

    private static List<Instance> Instances(string text) =>
        [.. InstancePattern().Matches(text).Select(m => new Instance(
            m.Groups["body"].Value,
            Regex.Match(m.Groups["body"].Value, @"state (\w+)").Groups[1].Value,
            int.Parse(Regex.Match(m.Groups["body"].Value, @"virtual_router_id (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Regex.Match(m.Groups["body"].Value, @"priority (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            Regex.Match(m.Groups["body"].Value, @"virtual_ipaddress \{\s*(\S+)").Groups[1].Value))];

    [GeneratedRegex(@"vrrp_instance \S+ \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex InstancePattern();

    [GeneratedRegex(@"vrrp_script haproxy_alive \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();

    private sealed record Instance(string Body, string State, int RouterId, int Priority, string Vip);
}
