using Xunit.Abstractions;

namespace LbAcme.Infra.Tests.Packaging;

/// <summary>
/// The .deb installed for real (dpkg -i as root), upgraded to a second version, removed and purged, with systemd
/// faked in a mount namespace (<see cref="FakeSystemd"/>) so the scripts take the paths they take on an LB. The
/// machine is put back as it was: package purged, the user and group removed if the test created them, sysctls and
/// directories restored. Skipped without root, or where the package is already installed (a real LB's).
/// </summary>
[Collection(DebPackageBuild.Name)]
public sealed class DebInstallTests(DebPackageFixture package, ITestOutputHelper output)
{
    private const string Package = "lb-acme-sidecar";
    private const string User = "lb-acme";
    private const string Config = "/etc/lb-acme/fleet.json";
    private const string Pems = "/var/lib/acme/live";
    private const string WantsLink = "/etc/systemd/system/multi-user.target.wants/lb-sidecar.service";
    private static readonly string[] Sysctls = ["/proc/sys/net/ipv4/ip_nonlocal_bind", "/proc/sys/net/ipv6/ip_nonlocal_bind"];

    [SkippableInstallFact]
    public async Task Install_upgrade_remove_and_purge_create_enable_restart_stop_and_clean_up()
    {
        var before = await MachineState.CaptureAsync(User, Sysctls);
        var systemd = new FakeSystemd(Path.Combine(package.Scratch, "fake-systemd"));
        var upgrade = await RepackAsync("0.1.1");
        try
        {
            var install = await DpkgAsync(systemd, "-i", package.PackagePath);
            Assert.Contains($"created system user and group {User}", install.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("fresh install: lb-sidecar.service is enabled but not started: write /etc/lb-acme/fleet.json", install.StandardOutput, StringComparison.Ordinal);
            var passwd = (await Shell.RunAsync("getent", "passwd", User)).Trim().Split(':');
            Assert.Equal(["/nonexistent", "/usr/sbin/nologin"], passwd[5..]);
            Assert.True(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, string.Join(':', passwd));
            if (before.HaProxyGroupExists)
            {
                Assert.Contains("haproxy", (await Shell.RunAsync("id", "-nG", User)).Split(' ', StringSplitOptions.TrimEntries));
            }
            Assert.Equal("/lib/systemd/system/lb-sidecar.service", new FileInfo(WantsLink).LinkTarget);
            Assert.True(File.Exists("/usr/lib/lb-acme/lb-sidecar") && File.Exists("/etc/lb-acme/fleet.json.example"));
            Assert.Equal($"{User}:{User} 700", (await Shell.RunAsync("stat", "-c", "%U:%G %a", Pems)).Trim());
            Assert.Contains("daemon-reload", systemd.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("start", systemd.Log, StringComparison.Ordinal);

            // An operator's configuration, written the way an editor running as root writes it.
            File.Copy("/etc/lb-acme/fleet.json.example", Config);
            File.SetUnixFileMode(Config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var upgraded = await DpkgAsync(systemd, "-i", upgrade);
            Assert.Contains("upgrade from 0.1.0: restarting lb-sidecar.service", upgraded.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("systemctl --quiet --system restart lb-sidecar.service", systemd.Log, StringComparison.Ordinal);
            Assert.DoesNotContain("created system user", upgraded.StandardOutput, StringComparison.Ordinal);
            Assert.Equal($"root:{User} 640", (await Shell.RunAsync("stat", "-c", "%U:%G %a", Config)).Trim());
            Assert.Equal("0.1.1", (await Shell.RunAsync("dpkg-query", "-W", "-f", "${Version}", Package)).Trim());

            // Idempotent: configuring the same version again changes nothing and fails nothing.
            var again = await DpkgAsync(systemd, "-i", upgrade);
            Assert.Contains("upgrade from 0.1.1: restarting lb-sidecar.service", again.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("created system user", again.StandardOutput + again.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("is now root:", again.StandardOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("Failed", again.StandardOutput + again.StandardError, StringComparison.Ordinal);

            var remove = await DpkgAsync(systemd, "-r", Package);
            Assert.Contains("stopped lb-sidecar.service", remove.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("systemctl stop lb-sidecar.service", systemd.Log, StringComparison.Ordinal);
            Assert.False(File.Exists("/usr/lib/lb-acme/lb-sidecar") || File.Exists("/lib/systemd/system/lb-sidecar.service"));

            var purge = await DpkgAsync(systemd, "-P", Package);
            Assert.Contains($"kept the system user {User}", purge.StandardOutput, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Pems), $"{Pems} survived the purge");
            Assert.False(File.Exists(WantsLink) || new FileInfo(WantsLink).LinkTarget is not null, $"{WantsLink} survived the purge");
            Assert.False(new FileInfo("/etc/systemd/system/lb-sidecar.service").LinkTarget is not null, "the removal's mask survived the purge");
            Assert.Equal(0, (await Shell.TryRunAsync("getent", "passwd", User)).Code);
            Assert.Equal($"{Config}\n", string.Join('\n', Directory.GetFileSystemEntries("/etc/lb-acme")) + "\n");
            output.WriteLine($"# systemctl calls\n{systemd.Log}");
        }
        finally
        {
            await RestoreAsync(before);
        }
    }

    private async Task<CommandResult> DpkgAsync(FakeSystemd systemd, params string[] arguments)
    {
        // Another dpkg or apt on the machine holds the lock for a while at most; wait for it a bounded time.
        for (var attempt = 0; ; attempt++)
        {
            var result = await systemd.RunAsync("dpkg", arguments);
            if (result.ExitCode != 0 && result.StandardError.Contains("lock", StringComparison.Ordinal) && attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                continue;
            }
            output.WriteLine($"# dpkg {string.Join(' ', arguments)}\n{result.StandardOutput}{result.StandardError}");
            Assert.True(result.ExitCode == 0, result.ToString());
            return result;
        }
    }

    /// <summary>The same package with another version: what an upgrade installs over the first.</summary>
    private async Task<string> RepackAsync(string version)
    {
        var tree = Path.Combine(package.Scratch, $"repack-{version}");
        var deb = Path.Combine(package.Scratch, $"{Package}_{version}_amd64.deb");
        await Shell.RunAsync("dpkg-deb", "-R", package.PackagePath, tree);
        var control = Path.Combine(tree, "DEBIAN", "control");
        var lines = (await File.ReadAllLinesAsync(control)).Select(l => l.StartsWith("Version: ", StringComparison.Ordinal) ? $"Version: {version}" : l);
        await File.WriteAllLinesAsync(control, lines);
        await Shell.RunAsync("dpkg-deb", "--root-owner-group", "-Zgzip", "--build", tree, deb);
        Directory.Delete(tree, recursive: true);
        return deb;
    }

    private async Task RestoreAsync(MachineState before)
    {
        var status = await Shell.TryRunAsync("dpkg-query", "-W", "-f", "${Status}", Package);
        if (status.Code == 0 && !status.Output.Contains("not-installed", StringComparison.Ordinal))
        {
            output.WriteLine((await Shell.TryRunAsync("dpkg", "-P", Package)).Output);
        }
        File.Delete(Config);
        await before.RestoreAsync();
    }
}
