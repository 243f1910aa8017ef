using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using LbAcme.Certificates;
using LbAcme.Certificates.KeyVault;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Sync;
using LbAcme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// Key Vault mode in process: the real Azure SDK clients against the HTTPS Key Vault double (trusted through
/// Sidecar:CertificateSync:KeyVault:TrustedRootPath, token from a test credential registered in place of
/// DefaultAzureCredential), into a real HAProxy through the Runtime API.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class KeyVaultCertificateSyncTests : IAsyncLifetime
{
    private const string Name = "svc.example.test";
    private readonly string _directory = TestTools.NewScratchDirectory("certsync-kv");
    private readonly TestCertificateIssuer _issuer = new();
    private KeyVaultDouble _vault = null!;
    private HaProxyFixture _haproxy = null!;
    private IssuedPem _initial = null!;

    private string PemPath => Path.Combine(_directory, "live", Name, "haproxy");

    public async Task InitializeAsync()
    {
        _vault = await KeyVaultDouble.StartAsync();
        _initial = _issuer.Issue([Name], DateTimeOffset.UtcNow.AddHours(-2));
        Directory.CreateDirectory(Path.GetDirectoryName(PemPath)!);
        await File.WriteAllTextAsync(PemPath, _initial.Bundle);
        _haproxy = await HaProxyFixture.StartAsync(_directory, PemPath, System.Net.IPAddress.Parse("127.0.7.1"));
    }

    [Fact]
    public async Task A_certificate_imported_into_Key_Vault_is_read_as_a_secret_only_and_hot_swapped()
    {
        var newer = _issuer.Issue([Name], DateTimeOffset.UtcNow.AddHours(-1));
        using (var bundle = CertificateBundle.Parse(newer.Bundle))
        {
            var store = new KeyVaultCertificateStore(_vault.CertificateClient(), _vault.SecretClient());
            await store.ImportAsync("lbacme-lb0", bundle, new Dictionary<string, string>(), CancellationToken.None);
        }
        var requestsBefore = _vault.AuthorizedRequests.Count;
        await using var provider = BuildSidecar();
        Assert.Empty(ConfigurationErrors.Validate(provider));
        var sync = provider.GetServices<IHostedService>().OfType<PeriodicService<Certificates.CertificateSync>>().Single();

        await sync.StartAsync(CancellationToken.None);
        try
        {
            await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(_haproxy.Endpoint, Name) == newer.Serial,
                TimeSpan.FromSeconds(20), "the Key Vault certificate served");

            // A bad version after it (expired) is refused; the good one keeps serving.
            var expired = _issuer.Issue([Name], DateTimeOffset.UtcNow.AddDays(-100), TimeSpan.FromDays(10));
            await _vault.SecretClient().SetSecretAsync(new KeyVaultSecret("lbacme-lb0", expired.Bundle) { Properties = { ContentType = "application/x-pem-file" } });
            var reads = _vault.AuthorizedRequests.Count;
            await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(_vault.AuthorizedRequests.Count >= reads + 3), TimeSpan.FromSeconds(20), "more secret reads");
            Assert.Equal(newer.Serial, await TlsProbe.ServedSerialAsync(_haproxy.Endpoint, Name));
        }
        finally
        {
            await sync.StopAsync(CancellationToken.None);
        }
        var sidecarRequests = _vault.AuthorizedRequests.Skip(requestsBefore).Where(r => !r.StartsWith("PUT", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sidecarRequests);
        Assert.All(sidecarRequests, r => Assert.StartsWith("GET /secrets/lbacme-lb0", r, StringComparison.Ordinal));
        Assert.Contains(newer.LeafPem, await File.ReadAllTextAsync(PemPath), StringComparison.Ordinal);
    }

    private ServiceProvider BuildSidecar()
    {
        var rootPath = Path.Combine(_directory, "vault-ca.pem");
        File.WriteAllText(rootPath, _vault.Pki.Ca.ExportCertificatePem());
        var trustedRoots = Path.Combine(_directory, "trusted-roots.pem");
        File.WriteAllText(trustedRoots, _issuer.Root.ExportCertificatePem());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Names:0"] = Name,
            ["Fleet:AcmeDirectoryUrl"] = "https://ca.example.test/directory",
            ["Fleet:TrustedRoots:Path"] = trustedRoots,
            ["Fleet:LoadBalancers:0:Name"] = "lb0",
            ["Fleet:LoadBalancers:0:Address"] = "127.0.7.1",
            ["Fleet:HaProxy:RuntimeSocket"] = _haproxy.SocketPath,
            ["Fleet:HaProxy:ReloadCommand"] = "",
            ["Sidecar:LoadBalancer"] = "lb0",
            ["Sidecar:CertificateSync:Enabled"] = "true",
            ["Sidecar:CertificateSync:Store"] = "keyvault",
            ["Sidecar:CertificateSync:KeyVault:Uri"] = _vault.VaultUri.ToString(),
            ["Sidecar:CertificateSync:KeyVault:TrustedRootPath"] = rootPath,
            ["Sidecar:CertificateSync:Interval"] = "00:00:00.300",
            ["Sidecar:CertificateSync:PemPath"] = PemPath,
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TokenCredential>(_vault.Credential); // before AddCertificateSync, whose default is TryAdd
        services.AddSidecarCore(configuration).AddCertificateSync();
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task DisposeAsync()
    {
        await _haproxy.DisposeAsync();
        await _vault.DisposeAsync();
        _issuer.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
