namespace LbAcme.Infra.Tests.Render;

/// <summary>The sidecar's unit passes systemd-analyze verify and is hardened to binding port 80 and writing two directories.</summary>
public sealed class SystemdUnitRenderTests : IDisposable
{
    private readonly FleetFiles _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning()
    {
        Assert.True(Command.IsOnPath("systemd-analyze"), "systemd-analyze is missing: install Debian's systemd package");
        var unit = Path.Combine(_fleet.Directory, "lb-sidecar.service");
        // verify checks that ExecStart's binary exists; point it at one that does (the .deb test checks the installed path).
        var render = await SidecarCli.RunAsync("render", "systemd", "--lb", "lb1", "--config", _fleet.Write(), "--executable", "/bin/true", "--out", unit);
        Assert.True(render.ExitCode == 0, render.ToString());

        var verify = await Command.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));

        // verify exits 0 on unknown keys and bad values, so anything it prints counts as a failure.
        Assert.True(verify.ExitCode == 0 && (verify.StandardOutput + verify.StandardError).Trim().Length == 0, verify.ToString());
    }

    [Fact]
    public async Task Systemd_analyze_verify_would_see_a_bad_setting()
    {
        var unit = Path.Combine(_fleet.Directory, "bad.service");
        var text = await SidecarCli.RenderAsync("systemd", _fleet.Write(), "--executable", "/bin/true");
        await File.WriteAllTextAsync(unit, text.Replace("ProtectHome=yes", "ProtectHomeDirectory=yes", StringComparison.Ordinal));

        var verify = await Command.RunAsync("systemd-analyze", ["verify", unit], TimeSpan.FromMinutes(1));

        Assert.Contains("Unknown key 'ProtectHomeDirectory'", verify.StandardOutput + verify.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_only_capability_is_binding_port_80_and_only_the_PEM_and_challenge_directories_are_writable()
    {
        var lines = (await SidecarCli.RenderAsync("systemd", _fleet.Write(), "--lb", "lb1")).Split('\n');

        Assert.Contains("ExecStart=/usr/bin/lb-sidecar run --config /etc/lb-acme/fleet.json --Sidecar:LoadBalancer=lb1", lines);
        Assert.Equal(["AmbientCapabilities=CAP_NET_BIND_SERVICE"], lines.Where(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal)));
        Assert.Equal(["CapabilityBoundingSet=CAP_NET_BIND_SERVICE"], lines.Where(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal)));
        Assert.Equal([$"ReadWritePaths=-{_fleet.CertificateDirectory} -/run/acme/acme-challenge"], lines.Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal)));
        foreach (var setting in new[] { "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "RestrictSUIDSGID=yes" })
        {
            Assert.Contains(setting, lines);
        }
    }

    [Fact]
    public async Task Without_an_LB_the_unit_takes_it_from_the_configuration_file()
    {
        var lines = (await SidecarCli.RenderAsync("systemd", _fleet.Write())).Split('\n');

        Assert.Contains("ExecStart=/usr/bin/lb-sidecar run --config /etc/lb-acme/fleet.json", lines);
    }
}
