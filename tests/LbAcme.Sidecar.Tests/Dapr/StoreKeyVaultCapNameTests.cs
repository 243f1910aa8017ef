using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using LbAcme.Certificates;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Composition;
using LbAcme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// The Key Vault source's read cap (the mechanism the dapr source mirrors with its gRPC receive limit) names the
/// secret a refused answer was for: one client reads every fleet certificate, so a fixed name (the default
/// certificate's) was wrong for the others. The real SDK against the HTTPS Key Vault double.
/// </summary>
public sealed class StoreKeyVaultCapNameTests : IAsyncLifetime
{
    private readonly string _directory = TestTools.NewScratchDirectory("kv-cap-name");
    private KeyVaultDouble _vault = null!;

    public async Task InitializeAsync() => _vault = await KeyVaultDouble.StartAsync();

    /// <summary>"lbacme-api-lb0" is fleet certificate "api"'s copy for lb0; the one store client reads it like the default's.</summary>
    [Fact]
    public async Task An_oversize_secret_of_a_non_default_certificate_is_refused_under_its_own_name()
    {
        await _vault.SecretClient().SetSecretAsync(new KeyVaultSecret("lbacme-api-lb0", new string('A', 2 * StoreReadLimits.MaxCertificateResponseBytes)));
        await using var provider = BuildSidecar();
        var store = provider.GetRequiredService<ICertificateStore>();

        var refused = await Assert.ThrowsAsync<StoredObjectTooLargeException>(() => store.GetAsync("lbacme-api-lb0", CancellationToken.None));

        Assert.Equal("lbacme-api-lb0", refused.Name);
        Assert.StartsWith("lbacme-api-lb0 is ", refused.Message, StringComparison.Ordinal);
    }

    private ServiceProvider BuildSidecar()
    {
        var rootPath = Path.Combine(_directory, "vault-ca.pem");
        File.WriteAllText(rootPath, _vault.Pki.Ca.ExportCertificatePem());
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Names:0"] = "svc.example.test",
            ["Fleet:AcmeDirectoryUrl"] = "https://ca.example.test/directory",
            ["Fleet:TrustedRoots:Path"] = rootPath,
            ["Fleet:LoadBalancers:0:Name"] = "lb0",
            ["Fleet:LoadBalancers:0:Address"] = "127.0.7.2",
            ["Sidecar:LoadBalancer"] = "lb0",
            ["Sidecar:CertificateSync:Enabled"] = "true",
            ["Sidecar:CertificateSync:Store"] = "keyvault",
            ["Sidecar:CertificateSync:KeyVault:Uri"] = _vault.VaultUri.ToString(),
            ["Sidecar:CertificateSync:KeyVault:TrustedRootPath"] = rootPath,
            ["Sidecar:CertificateSync:PemPath"] = Path.Combine(_directory, "haproxy.pem"),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TokenCredential>(_vault.Credential);
        services.AddSidecarCore(configuration).AddCertificateSync();
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
