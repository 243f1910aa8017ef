namespace LbAcme.Infra.Tests.Render;

/// <summary>The rendered haproxy.cfg is accepted by the real haproxy -c and binds only what the design says.</summary>
public sealed class HaProxyRenderTests : IDisposable
{
    private readonly FleetFiles _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb2")]
    public async Task Haproxy_accepts_the_rendered_config(string lb)
    {
        _fleet.WriteThrowawayPem();
        var config = Path.Combine(_fleet.Directory, $"haproxy-{lb}.cfg");
        var render = await SidecarCli.RunAsync("render", "haproxy", "--lb", lb, "--config", _fleet.Write(), "--out", config);
        Assert.True(render.ExitCode == 0, render.ToString());

        var check = await Command.RunAsync("haproxy", ["-c", "-f", config], TimeSpan.FromSeconds(30));

        Assert.True(check.ExitCode == 0, check + "\n--- config ---\n" + await File.ReadAllTextAsync(config));
    }

    [Fact]
    public async Task Every_VIP_is_bound_on_443_with_the_LBs_crt_list_and_port_80_is_left_to_the_sidecar()
    {
        var text = await SidecarCli.RenderAsync("haproxy", _fleet.Write(), "--lb", "lb1");
        var binds = text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("bind ", StringComparison.Ordinal)).ToList();

        Assert.Equal(
            [$"bind 198.51.100.1:443 ssl crt-list {_fleet.CrtListPath} alpn h2,http/1.1", $"bind 198.51.100.2:443 ssl crt-list {_fleet.CrtListPath} alpn h2,http/1.1", $"bind [2001:db8::1]:443 ssl crt-list {_fleet.CrtListPath} alpn h2,http/1.1"],
            binds);
        Assert.Contains("stats socket /run/haproxy/admin.sock mode 660 group haproxy level admin\n", text, StringComparison.Ordinal);
        Assert.Contains("option httpchk GET /healthz\n", text, StringComparison.Ordinal);
        Assert.Contains("server app0 10.0.0.20:8080 check", text, StringComparison.Ordinal);
        Assert.Contains("server app1 app1.internal.example.com:8080 check", text, StringComparison.Ordinal);
        Assert.DoesNotContain(":80 ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Haproxy_accepts_the_rendered_config_of_a_fleet_with_several_certificates_through_its_crt_list()
    {
        var fleet = _fleet.Json["Fleet"]!.AsObject();
        fleet.Remove("Names");
        fleet["Certificates"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "default", ["Names"] = new System.Text.Json.Nodes.JsonArray("svc.example.com", "www.example.com"), ["CarriesLbExtraName"] = true },
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "api", ["Names"] = new System.Text.Json.Nodes.JsonArray("api.example.org") },
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "shop", ["Names"] = new System.Text.Json.Nodes.JsonArray("shop.example.net") });
        _fleet.WriteThrowawayPems("svc.example.com", "api.example.org", "shop.example.net");
        var config = Path.Combine(_fleet.Directory, "haproxy-several.cfg");
        var render = await SidecarCli.RunAsync("render", "haproxy", "--lb", "lb0", "--config", _fleet.Write(), "--out", config);
        Assert.True(render.ExitCode == 0, render.ToString());

        var check = await Command.RunAsync("haproxy", ["-c", "-f", config], TimeSpan.FromSeconds(30));

        Assert.True(check.ExitCode == 0, check + "\n--- config ---\n" + await File.ReadAllTextAsync(config));
        Assert.All((await File.ReadAllTextAsync(config)).Split('\n').Where(l => l.TrimStart().StartsWith("bind ", StringComparison.Ordinal)),
            bind => Assert.Contains($" ssl crt-list {_fleet.CrtListPath} ", bind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_haproxy_check_fails_when_the_PEM_is_missing()
    {
        // Proves the check above looks at the certificate: without the PEM, haproxy -c refuses the config.
        var config = Path.Combine(_fleet.Directory, "no-pem.cfg");
        await File.WriteAllTextAsync(config, await SidecarCli.RenderAsync("haproxy", _fleet.Write(), "--lb", "lb0"));

        var check = await Command.RunAsync("haproxy", ["-c", "-f", config], TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, check.ExitCode);
    }

    [Fact]
    public async Task A_fleet_without_backend_servers_is_refused_naming_the_field()
    {
        _fleet.Json["Fleet"]!["HaProxy"]!["Service"]!["Servers"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["Name"] = "bad name", ["Address"] = "10.0.0.1", ["Port"] = 70000 });

        var result = await SidecarCli.RunAsync("render", "haproxy", "--lb", "lb0", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Fleet:HaProxy:Service:Servers[0]:Name: 'bad name'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Fleet:HaProxy:Service:Servers[0]:Port: 70000", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_LB_is_refused_naming_the_option()
    {
        var result = await SidecarCli.RunAsync("render", "haproxy", "--lb", "lb9", "--config", _fleet.Write());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--lb: 'lb9' is not in Fleet:LoadBalancers (lb0, lb1, lb2)", result.StandardError, StringComparison.Ordinal);
    }
}
