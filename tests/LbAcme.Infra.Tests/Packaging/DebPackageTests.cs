namespace LbAcme.Infra.Tests.Packaging;

/// <summary>The sidecar's .deb installs the single-file binary, its unit, the sample configuration and the VIP cleanup script, with maintainer scripts for its user and service.</summary>
[Collection(DebPackageBuild.Name)]
public sealed class DebPackageTests(DebPackageFixture package)
{
    private string InRoot(string path) => Path.Combine(package.Root, path.TrimStart('/'));

    [Fact]
    public async Task The_package_holds_exactly_the_expected_files()
    {
        var listing = await Command.RunAsync("dpkg-deb", ["-c", package.PackagePath], TimeSpan.FromMinutes(1));
        var files = listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('d'))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[5])
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(
            [
                "./etc/lb-acme/fleet.json.example",
                "./lib/systemd/system/lb-sidecar.service",
                "./usr/bin/lb-sidecar",
                "./usr/lib/lb-acme/keepalived-haproxy-check",
                "./usr/lib/lb-acme/keepalived-vip-cleanup",
                "./usr/lib/lb-acme/lb-sidecar",
                "./usr/lib/sysctl.d/60-lb-acme.conf",
                "./usr/lib/tmpfiles.d/lb-acme.conf",
            ],
            files);
        Assert.All(listing.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Contains(" root/root ", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_control_file_names_the_package_and_its_runtime_dependencies()
    {
        var info = await Command.RunAsync("dpkg-deb", ["-f", package.PackagePath, "Package", "Architecture", "Depends"], TimeSpan.FromMinutes(1));

        Assert.Contains("Package: lb-acme-sidecar", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Architecture: amd64", info.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("libssl3", info.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Depends: adduser, ", info.StandardOutput);
    }

    [Fact]
    public async Task The_maintainer_scripts_are_in_the_package_and_create_the_user_the_unit_runs_as()
    {
        var info = await Command.RunAsync("dpkg-deb", ["-I", package.PackagePath], TimeSpan.FromMinutes(1));
        var unit = await File.ReadAllTextAsync(InRoot("/lib/systemd/system/lb-sidecar.service"));
        var user = unit.Split('\n').Single(l => l.StartsWith("User=", StringComparison.Ordinal))["User=".Length..];
        var control = Path.Combine(package.Scratch, "control");
        var extract = await Command.RunAsync("dpkg-deb", ["-e", package.PackagePath, control], TimeSpan.FromMinutes(1));
        Assert.True(extract.ExitCode == 0, extract.ToString());

        foreach (var script in new[] { "postinst", "prerm", "postrm" })
        {
            Assert.Matches($@"\d+ bytes, +\d+ lines +\* +{script} +#!/bin/sh", info.StandardOutput);
            var text = await File.ReadAllTextAsync(Path.Combine(control, script));
            Assert.Contains("\nset -e\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain("#SERVICE_USER#", text, StringComparison.Ordinal);
            var syntax = await Command.RunAsync("sh", ["-n", Path.Combine(control, script)], TimeSpan.FromMinutes(1));
            Assert.True(syntax.ExitCode == 0, syntax.ToString());
        }
        Assert.Equal("lb-acme", user);
        Assert.Contains($"user={user}\n", await File.ReadAllTextAsync(Path.Combine(control, "postinst")), StringComparison.Ordinal);
        // The PEM directory the unit may write is the user's from boot on (tmpfiles.d), not only after postinst.
        Assert.Contains($"d /var/lib/acme/live 0700 {user} {user} -", await File.ReadAllTextAsync(InRoot("/usr/lib/tmpfiles.d/lb-acme.conf")), StringComparison.Ordinal);
        Assert.Contains("ReadWritePaths=-/var/lib/acme/live\n", unit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_installed_binary_runs_through_the_usr_bin_link()
    {
        var link = InRoot("/usr/bin/lb-sidecar");
        Assert.Equal("../lib/lb-acme/lb-sidecar", new FileInfo(link).LinkTarget);

        var help = await Command.RunAsync(link, ["--help"], TimeSpan.FromMinutes(1), environment: new Dictionary<string, string> { ["DOTNET_ROOT"] = "/nonexistent" });

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("lb-sidecar [command] [options]", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("render  print (or write) this fleet's LB configuration", help.StandardOutput, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(InRoot("/usr/lib/lb-acme"), "lb-sidecar*"));
    }

    [Fact]
    public async Task The_packaged_unit_verifies_and_reads_the_LB_from_the_configuration()
    {
        var unit = await File.ReadAllTextAsync(InRoot("/lib/systemd/system/lb-sidecar.service"));
        Assert.Contains("ExecStart=/usr/bin/lb-sidecar run --config /etc/lb-acme/fleet.json\n", unit, StringComparison.Ordinal);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n", unit, StringComparison.Ordinal);
        Assert.Contains("User=lb-acme\n", unit, StringComparison.Ordinal);
        Assert.Contains("Type=notify\n", unit, StringComparison.Ordinal);
        // verify needs ExecStart's binary to exist: point it at the unpacked one.
        var copy = Path.Combine(package.Scratch, "lb-sidecar.service");
        await File.WriteAllTextAsync(copy, unit.Replace("ExecStart=/usr/bin/lb-sidecar", $"ExecStart={InRoot("/usr/lib/lb-acme/lb-sidecar")}", StringComparison.Ordinal));

        var verify = await Command.RunAsync("systemd-analyze", ["verify", copy], TimeSpan.FromMinutes(1));

        Assert.True(verify.ExitCode == 0 && (verify.StandardOutput + verify.StandardError).Trim().Length == 0, verify.ToString());
    }

    [Fact]
    public async Task The_sample_configuration_renders_every_LB_file()
    {
        var sample = InRoot("/etc/lb-acme/fleet.json.example");
        var binary = InRoot("/usr/lib/lb-acme/lb-sidecar");
        var environment = new Dictionary<string, string> { ["LBACME_VRRP_AUTH_PASS"] = "pass1234" };

        foreach (var kind in new[] { "haproxy", "keepalived", "keepalived-dropin" })
        {
            var render = await Command.RunAsync(binary, ["render", kind, "--lb", "lb1", "--config", sample], TimeSpan.FromMinutes(1), environment: environment);
            Assert.True(render.ExitCode == 0, render.ToString());
        }
        Assert.True((File.GetUnixFileMode(InRoot("/usr/lib/lb-acme/keepalived-vip-cleanup")) & UnixFileMode.UserExecute) != 0);
    }
}
