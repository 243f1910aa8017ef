using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Render;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 9: <c>CertificateSync:FileOwner</c> under the rendered unit. The unit carries exactly the capabilities the
/// setting needs; a process without them refuses to start with a message instead of failing every deploy; and the
/// real AOT sidecar under exactly the unit's capabilities (setpriv) hands the PEM over and reads it back.
/// </summary>
public sealed class FileOwnerTests : IDisposable
{
    private const string Nobody = "nobody";
    private readonly string _directory = TestTools.NewScratchDirectory("fileowner");
    private readonly TestCertificateIssuer _issuer = new();

    [Fact]
    public void The_unit_grants_CAP_CHOWN_and_CAP_DAC_READ_SEARCH_only_when_the_PEM_goes_to_another_owner()
    {
        var fleet = new FleetOptions();
        fleet.HaProxy.CertificateDirectory = "/var/lib/acme/live";

        var plain = SystemdUnitRenderer.Render(fleet, "/run/acme/acme-challenge", "lb0", "/usr/bin/lb-sidecar", "/etc/lb-acme/fleet.json").Split('\n');
        var handing = SystemdUnitRenderer.Render(fleet, "/run/acme/acme-challenge", "lb0", "/usr/bin/lb-sidecar", "/etc/lb-acme/fleet.json", handsPemToOtherOwner: true).Split('\n');

        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE", plain);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE", plain);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN CAP_DAC_READ_SEARCH", handing);
        Assert.Contains("AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_CHOWN CAP_DAC_READ_SEARCH", handing);
        Assert.DoesNotContain(handing, l => l.Contains("CAP_FOWNER", StringComparison.Ordinal) || l.Contains("CAP_DAC_OVERRIDE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_systemd_reads_FileOwner_from_the_configuration()
    {
        var config = WriteConfig(new { CertificateSync = new { Enabled = true, FileOwner = Nobody } });

        var result = await CommandRunner.RunSidecarAsync("render", "systemd", "--config", config, "--lb", "lb0");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN CAP_DAC_READ_SEARCH\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0u, 0u, 0u, 0u, new string[0])]
    [InlineData(65534u, 65534u, 0u, 0u, new[] { ProcessCapabilities.Chown, ProcessCapabilities.DacReadSearch })]
    [InlineData(0u, 65534u, 0u, 0u, new[] { ProcessCapabilities.Chown })]
    public void What_an_owner_needs_depends_on_who_the_process_is(uint ownerUid, uint ownerGid, uint uid, uint gid, string[] expected) =>
        Assert.Equal(expected, ProcessCapabilities.Needed(new FileOwner(ownerUid, ownerGid), uid, gid));

    [Fact]
    public void Missing_capabilities_are_read_from_the_effective_set()
    {
        string[] both = [ProcessCapabilities.Chown, ProcessCapabilities.DacReadSearch];

        Assert.Equal(both, ProcessCapabilities.Missing(both, 1UL << 10)); // CAP_NET_BIND_SERVICE only: the old unit
        Assert.Empty(ProcessCapabilities.Missing(both, (1UL << 10) | 1UL | (1UL << 2)));
        Assert.Empty(ProcessCapabilities.Missing(both, 0x000001ffffffffffUL));
        Assert.NotNull(ProcessCapabilities.Effective());
    }

    [Theory]
    [InlineData("no-such-user-lbacme", "user 'no-such-user-lbacme' is not in /etc/passwd")]
    [InlineData("nobody:no-such-group-lbacme", "group 'no-such-group-lbacme' is not in /etc/group")]
    [InlineData("a:b:c", "'a:b:c' is not 'user', 'user:group' or 'uid:gid'")]
    public void An_owner_that_does_not_exist_is_named_in_the_error(string owner, string expected)
    {
        var options = new SidecarOptions { LoadBalancer = "lb0" };
        options.Store.ConnectionString = "UseDevelopmentStorage=true";
        options.CertificateSync.Enabled = true;
        options.CertificateSync.FileOwner = owner;

        var result = new CertificateSyncOptionsValidation().Validate(null, options);

        Assert.Contains($"Sidecar:CertificateSync:FileOwner: {expected}", result.Failures ?? []);
    }

    [Fact]
    public async Task Under_the_old_unit_s_capabilities_the_AOT_sidecar_refuses_FileOwner_at_start_instead_of_failing_every_deploy()
    {
        Assert.True(Command.IsOnPath("setpriv"), "setpriv (util-linux) is missing");
        var config = WriteConfig(new { });

        // Exactly what the unit granted before: CAP_NET_BIND_SERVICE and nothing else.
        var run = await Command.RunAsync("setpriv", ["--bounding-set=-all,+net_bind_service", "--inh-caps=-all", "--", .. SidecarCommand(config)], TimeSpan.FromSeconds(60));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"Sidecar:CertificateSync:FileOwner: '{Nobody}' (uid 65534, gid 65534) needs CAP_CHOWN and CAP_DAC_READ_SEARCH", run.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(PemPath), "a PEM was written although the start was refused");
    }

    [Fact]
    public async Task Under_exactly_the_rendered_unit_s_capabilities_the_PEM_is_handed_over_and_read_back_after_a_restart()
    {
        Assert.True(Command.IsOnPath("setpriv"), "setpriv (util-linux) is missing");
        var config = WriteConfig(new { });
        string[] unitCapabilities = ["--bounding-set=-all,+net_bind_service,+chown,+dac_read_search", "--inh-caps=-all,+net_bind_service,+chown,+dac_read_search",
            "--ambient-caps=-all,+net_bind_service,+chown,+dac_read_search", "--"];

        string serial;
        await using (var first = ManagedProcess.Start("lb-sidecar (unit capabilities)", "setpriv", [.. unitCapabilities, .. SidecarCommand(config)]))
        {
            await first.WaitUntilAsync(() => Task.FromResult(File.Exists(PemPath)), TimeSpan.FromSeconds(30), "the bootstrap PEM");
            using var written = X509CertificateLoaderFromPem(await File.ReadAllTextAsync(PemPath));
            serial = written.SerialNumber;
            await first.StopAsync();
        }
        var owner = await Command.RunAsync("stat", ["-c", "%u:%g %a", PemPath], TimeSpan.FromSeconds(10));
        Assert.Equal("65534:65534 600", owner.StandardOutput.Trim());

        await using var second = ManagedProcess.Start("lb-sidecar (restart)", "setpriv", [.. unitCapabilities, .. SidecarCommand(config)]);
        await second.WaitUntilAsync(() => Task.FromResult(second.Output.Contains("deployed now", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the start line");

        // The PEM it gave away (mode 0600, uid 65534) is read back: the deployed serial, not "(nothing)".
        Assert.Contains($"deployed now {serial}", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Cannot read the deployed certificate", second.Output, StringComparison.Ordinal);
    }

    private string PemPath => Path.Combine(_directory, "live", "haproxy.pem");

    private string[] SidecarCommand(string config) =>
    [
        SidecarBinary.FileName,
        .. SidecarBinary.Arguments(
            "run", "--config", config,
            "--Sidecar:LoadBalancer=lb0",
            "--Sidecar:MetricsEndpoint=",
            // Nothing listens there: the store is unreachable, so the sidecar writes its bootstrap certificate.
            $"--Sidecar:Store:ConnectionString=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteFixture.DevAccountKey};BlobEndpoint=http://127.0.0.1:9/devstoreaccount1",
            $"--Sidecar:Webroot={Directory.CreateDirectory(Path.Combine(_directory, "webroot")).FullName}",
            "--Sidecar:CertificateSync:Enabled=true",
            $"--Sidecar:CertificateSync:FileOwner={Nobody}",
            $"--Sidecar:CertificateSync:PemPath={PemPath}",
            "--Sidecar:CertificateSync:RequestTimeout=00:00:02",
            "--Fleet:HaProxy:RuntimeSocket=",
            "--Fleet:HaProxy:ReloadCommand=",
            $"--Fleet:TrustedRoots:Path={WriteRoots()}"),
    ];

    private string WriteConfig(object sidecar) =>
        FleetConfig.Write(_directory, [FleetConfig.Slot("lb0", "127.0.8.1")], sidecar);

    private string WriteRoots()
    {
        var path = Path.Combine(_directory, "roots.pem");
        File.WriteAllText(path, _issuer.Root.ExportCertificatePem());
        return path;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 X509CertificateLoaderFromPem(string pem) =>
        CertificateSync.CertificateSyncEnvironment.X509CertificateLoaderFromPem(pem);

    public void Dispose()
    {
        _issuer.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}
