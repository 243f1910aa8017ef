using Azure.Storage.Sas;
using LbAcme.LocalEnvironment;
using LbAcme.Testing;
using Xunit;
using Xunit.Abstractions;

namespace LbAcme.Sidecar.Tests;

/// <summary>One LB of a local fleet with its HAProxy and certificate sync on the blob store: what check probes.</summary>
public sealed class CheckProbeFleet : IAsyncLifetime
{
    public LocalFleet Fleet { get; private set; } = null!;

    public async Task InitializeAsync() => Fleet = await LocalFleet.StartAsync(count: 1, withHaProxy: true);

    public async Task DisposeAsync() => await Fleet.DisposeAsync();
}

/// <summary>
/// <c>lb-sidecar check</c> (the binary the LBs run) on a good LB, then on the same LB with one thing broken at a
/// time: each broken variant names its problem in its own row and exits 1.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CheckProbeTests(CheckProbeFleet fixture, ITestOutputHelper output) : IClassFixture<CheckProbeFleet>
{
    private LocalFleet Fleet => fixture.Fleet;

    [Fact]
    public async Task A_good_LB_passes_every_probe()
    {
        var check = await CheckAsync();

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Matches(@"lb0 \(self\)\s+\S+\s+yes\s+\d+ ms\s+ok", check.StandardOutput);
        Assert.Matches(@"store\s+lb-acme\s+yes\s+\d+ ms\s+ok", check.StandardOutput);
        Assert.Matches(@"certificate store\s+certificates\s+yes\s+\d+ ms\s+ok\s+lbacme-lb0 not issued yet", check.StandardOutput);
        Assert.Matches(@"haproxy socket\s+\S+admin\.sock\s+yes\s+\d+ ms\s+ok\s+show info: HAProxy \d", check.StandardOutput);
        Assert.Matches(@"pem directory\s+\S+\s+yes\s+\d+ ms\s+ok\s+writable by uid \d+", check.StandardOutput);
        Assert.Contains("all reachable", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_HAProxy_socket_is_named()
    {
        var check = await CheckAsync(["--Fleet:HaProxy:RuntimeSocket=/run/lb-acme-test-no-such/admin.sock"]);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Matches(@"haproxy socket\s+/run/lb-acme-test-no-such/admin\.sock\s+no\s+\d+ ms\s+FAIL\s+missing: is HAProxy running", check.StandardOutput);
        Assert.Contains("1 problem(s)", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_PEM_directory_is_named()
    {
        var directory = TestTools.NewScratchDirectory("pem-ro");
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            // Root ignores permission bits; without CAP_DAC_OVERRIDE it obeys them, as the service's own user does.
            var check = await CheckAsync([$"--Sidecar:CertificateSync:PemPath={directory}/haproxy"], dropRootOverride: true);

            Assert.True(check.ExitCode == 1, check.ToString());
            Assert.Matches($@"pem directory\s+{directory}\s+yes\s+\d+ ms\s+FAIL\s+not writable by uid 0: cannot create a file in {directory} \(mode 555\)", check.StandardOutput);
            Assert.Contains("1 problem(s)", check.StandardOutput, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_certificate_store_that_refuses_the_read_names_what_is_missing()
    {
        // A SAS that may list but not read: the store answers 403, as it does for an identity without the role.
        var sas = Fleet.CertificateContainer.GenerateSasUri(BlobContainerSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1));
        var check = await CheckAsync([$"--Sidecar:CertificateSync:ContainerSasUri={sas}"]);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Matches(@"certificate store\s+\S+/certificates\s+yes\s+\d+ ms\s+FAIL\s+denied \(403 AuthorizationPermissionMismatch\): the SAS in Sidecar:CertificateSync:ContainerSasUri does not allow reading lbacme-lb0\.pem", check.StandardOutput);
    }

    [Fact]
    public async Task A_Key_Vault_that_refuses_the_read_names_the_missing_role()
    {
        // The vault by its public name, a managed identity's token, and a 403 as for an identity without the role.
        await using var access = await VaultAccess.StartAsync(TestTools.NewScratchDirectory("check-kv"));
        access.Vault.Forbidden = true;

        var check = await CheckAsync([$"--Sidecar:CertificateSync:KeyVault:Uri={access.VaultUri}"], environment: access.Environment);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Matches(@"certificate store\s+https://lbacme-kv\.vault\.azure\.net/\s+yes\s+\d+ ms\s+FAIL\s+denied \(403 Forbidden\): this LB's identity needs the role 'Key Vault Secrets User' on the secret lbacme-lb0", check.StandardOutput);
        Assert.Contains("1 problem(s)", check.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_certificate_store_is_named()
    {
        // Port 9 on loopback: nothing listens.
        var check = await CheckAsync(["--Sidecar:CertificateSync:ContainerSasUri=http://127.0.0.1:9/devstoreaccount1/certificates?sv=2024-08-04&sr=c&sp=r&sig=x"]);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Matches(@"certificate store\s+http://127\.0\.0\.1:9/devstoreaccount1/certificates\s+no\s+\d+ ms\s+FAIL\s+(no answer within|\w+Exception: .*(refused|Connection))", check.StandardOutput);
    }

    [Fact]
    public async Task Certificate_sync_off_is_a_problem()
    {
        var check = await CheckAsync(["--Sidecar:CertificateSync:Enabled=false"]);

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Matches(@"certificate sync\s+-\s+no\s+0 ms\s+FAIL\s+off: HAProxy will keep its bootstrap certificate", check.StandardOutput);
        Assert.DoesNotContain("haproxy socket", check.StandardOutput, StringComparison.Ordinal);
    }

    private async Task<CommandResult> CheckAsync(IEnumerable<string>? overrides = null, bool dropRootOverride = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        string[] arguments = SidecarBinary.Arguments(Fleet.CheckArguments("lb0", overrides ?? []));
        var result = dropRootOverride
            ? await Command.RunAsync("setpriv", ["--bounding-set", "-dac_override,-dac_read_search", "--", SidecarBinary.FileName, .. arguments], TimeSpan.FromMinutes(1))
            : await Command.RunAsync(SidecarBinary.FileName, arguments, TimeSpan.FromMinutes(1), environment: environment);
        output.WriteLine($"$ lb-sidecar {string.Join(' ', overrides ?? [])}\n{result.StandardOutput}{result.StandardError}\nexit {result.ExitCode}");
        return result;
    }
}
