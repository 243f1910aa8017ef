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
    public async Task Priorities_rotate_by_one_per_LB_as_in_the_reference_design()
    {
        var config = _fleet.Write();
        var table = new List<int[]>();
        foreach (var lb in new[] { "lb0", "lb1", "lb2" })
        {
            table.Add([.. Instances(await SidecarCli.RenderAsync("keepalived", config, "--lb", lb)).Select(i => i.Priority)]);
        }

        Assert.Equal([101, 102, 103], table[0]);
        Assert.Equal([102, 103, 101], table[1]);
        Assert.Equal([103, 101, 102], table[2]);
    }

    [Fact]
    public async Task Every_VIP_gets_a_different_home_LB_for_any_fleet_size()
    {
        using var fleet = new FleetFiles(loadBalancers: 4, vips: ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]);
        var config = fleet.Write();
        var priorities = new List<int[]>();
        for (var lb = 0; lb < 4; lb++)
        {
            priorities.Add([.. Instances(await SidecarCli.RenderAsync("keepalived", config, "--lb", $"lb{lb}")).Select(i => i.Priority)]);
        }

        for (var vip = 0; vip < 4; vip++)
        {
            var column = priorities.Select(p => p[vip]).ToList();
            Assert.Equal(4, column.Distinct().Count());
            Assert.All(column, p => Assert.InRange(p, 101, 104));
        }
        var homes = Enumerable.Range(0, 4).Select(vip => priorities.FindIndex(p => p[vip] == priorities.Max(q => q[vip]))).ToList();
        Assert.Equal(4, homes.Distinct().Count());
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

    private static List<Instance> Instances(string text) =>
        [.. InstancePattern().Matches(text).Select(m => new Instance(
            m.Groups["body"].Value,
            Regex.Match(m.Groups["body"].Value, @"state (\w+)").Groups[1].Value,
            int.Parse(Regex.Match(m.Groups["body"].Value, @"virtual_router_id (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Regex.Match(m.Groups["body"].Value, @"priority (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            Regex.Match(m.Groups["body"].Value, @"virtual_ipaddress \{\s*(\S+)").Groups[1].Value))];

    [GeneratedRegex(@"vrrp_instance \S+ \{(?<body>.*?)\n\}", RegexOptions.Singleline)]
    private static partial Regex InstancePattern();

    private sealed record Instance(string Body, string State, int RouterId, int Priority, string Vip);
}
