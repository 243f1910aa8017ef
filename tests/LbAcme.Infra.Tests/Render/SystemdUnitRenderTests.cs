using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// The sidecar's unit passes systemd-analyze verify, runs as its own user with readiness and a watchdog, is hardened
/// to binding port 80 and writing the PEM directory, and its offline security exposure stays at what was measured.
/// </summary>
public sealed partial class SystemdUnitRenderTests : IDisposable
{
    /// <summary>
    /// systemd 252's <c>systemd-analyze security --offline=true</c> measured 1.4 without FileOwner and 1.9 with it
    /// (the root unit before scored 2.4 and 2.7); a tenth of slack for another systemd's weights.
    /// </summary>
    private const double MaxExposure = 1.5;

    private const double MaxExposureHandingPemOver = 2.0;

    private readonly FleetFiles _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_warning(bool fileOwner)
    {
        Assert.True(Command.IsOnPath("systemd-analyze"), "systemd-analyze is missing: install Debian's systemd package");
        var unit = await RenderToFileAsync(fileOwner);

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

    [Theory]
    [InlineData(false, MaxExposure)]
    [InlineData(true, MaxExposureHandingPemOver)]
    public async Task The_offline_security_exposure_stays_at_what_was_measured(bool fileOwner, double max)
    {
        var unit = await RenderToFileAsync(fileOwner);

        var exposure = await ExposureAsync(unit);

        Assert.True(exposure <= max, $"systemd-analyze security --offline=true: {exposure} > {max}");
    }

    [Fact]
    public async Task The_exposure_check_would_see_a_weaker_unit()
    {
        // Proves the measurement above reads the unit: the same unit running as root is over the threshold.
        var unit = await RenderToFileAsync(fileOwner: false);
        var text = await File.ReadAllTextAsync(unit);
        await File.WriteAllTextAsync(unit, Regex.Replace(text, "^(User|Group)=.*\n", "", RegexOptions.Multiline));

        Assert.True(await ExposureAsync(unit) > MaxExposure);
    }

    [Fact]
    public async Task It_runs_as_its_own_user_with_readiness_a_watchdog_a_reload_and_no_restart_on_a_configuration_error()
    {
        var lines = (await SidecarCli.RenderAsync("systemd", _fleet.Write(), "--lb", "lb1")).Split('\n');

        foreach (var setting in new[]
        {
            "User=lb-acme", "Group=lb-acme", "Type=notify", "NotifyAccess=main", "WatchdogSec=30s",
            "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure", "RestartPreventExitStatus=2",
        })
        {
            Assert.Contains(setting, lines);
        }
        Assert.Contains("ExecStart=/usr/bin/lb-sidecar run --config /etc/lb-acme/fleet.json --Sidecar:LoadBalancer=lb1", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Restart=always", StringComparison.Ordinal) || l.StartsWith("SupplementaryGroups=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_only_capability_is_binding_port_80_and_only_the_PEM_directory_is_writable()
    {
        var lines = (await SidecarCli.RenderAsync("systemd", _fleet.Write(), "--lb", "lb1")).Split('\n');

        Assert.Equal(["AmbientCapabilities=CAP_NET_BIND_SERVICE"], lines.Where(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal)));
        Assert.Equal(["CapabilityBoundingSet=CAP_NET_BIND_SERVICE"], lines.Where(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal)));
        Assert.Equal([$"ReadWritePaths=-{_fleet.CertificateDirectory}"], lines.Where(l => l.StartsWith("ReadWritePaths=", StringComparison.Ordinal)));
        Assert.Equal(["SystemCallFilter=@system-service", "SystemCallFilter=~@privileged @resources"], lines.Where(l => l.StartsWith("SystemCallFilter=", StringComparison.Ordinal)));
        foreach (var setting in new[]
        {
            "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "PrivateDevices=yes", "RestrictSUIDSGID=yes",
            "ProtectProc=invisible", "SystemCallErrorNumber=EPERM", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
        })
        {
            Assert.Contains(setting, lines);
        }
        Assert.DoesNotContain(lines, l => l.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal) || l.StartsWith("ProcSubset=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handing_the_PEM_to_another_owner_adds_exactly_chown_and_reading_it_back()
    {
        var lines = (await RenderAsync(fileOwner: true)).Split('\n');

        Assert.Equal(["AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_CHOWN CAP_DAC_READ_SEARCH"], lines.Where(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal)));
        Assert.Equal(["CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN CAP_DAC_READ_SEARCH"], lines.Where(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal)));
        // ~@privileged takes chown(2) away; the owner change needs it back, and only it.
        Assert.Equal(
            ["SystemCallFilter=@system-service", "SystemCallFilter=~@privileged @resources", "SystemCallFilter=@chown"],
            lines.Where(l => l.StartsWith("SystemCallFilter=", StringComparison.Ordinal)));
        Assert.Contains("User=lb-acme", lines);
    }

    [Fact]
    public async Task Without_an_LB_the_unit_takes_it_from_the_configuration_file()
    {
        var lines = (await SidecarCli.RenderAsync("systemd", _fleet.Write())).Split('\n');

        Assert.Contains("ExecStart=/usr/bin/lb-sidecar run --config /etc/lb-acme/fleet.json", lines);
    }

    private async Task<string> RenderAsync(bool fileOwner, params string[] extra)
    {
        if (fileOwner)
        {
            _fleet.Json["Sidecar"]!["CertificateSync"] = new JsonObject
            {
                ["Enabled"] = true,
                ["Store"] = "keyvault",
                ["KeyVault"] = new JsonObject { ["Uri"] = "https://vault.example.net/" },
                ["FileOwner"] = "nobody",
            };
        }
        return await SidecarCli.RenderAsync("systemd", _fleet.Write(), extra);
    }

    /// <summary>verify checks that ExecStart's binary exists; point it at one that does (the .deb test checks the installed path).</summary>
    private async Task<string> RenderToFileAsync(bool fileOwner)
    {
        var unit = Path.Combine(_fleet.Directory, fileOwner ? "lb-sidecar-owner.service" : "lb-sidecar.service");
        await File.WriteAllTextAsync(unit, await RenderAsync(fileOwner, "--lb", "lb1", "--executable", "/bin/true"));
        return unit;
    }

    private static async Task<double> ExposureAsync(string unit)
    {
        var security = await Command.RunAsync("systemd-analyze", ["security", "--offline=true", "--no-pager", unit], TimeSpan.FromMinutes(1));
        var match = OverallExposure().Match(security.StandardOutput + security.StandardError);
        Assert.True(match.Success, security.ToString());
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"Overall exposure level for \S+: (\d+\.\d)")]
    private static partial Regex OverallExposure();
}
