using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using LbAcme.Certificates;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Composition;
using LbAcme.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 7 for Key Vault: the secret is read through the SDK, which buffers answers whole; the sidecar's client
/// refuses an oversize answer before buffering it, naming the secret it was for (the real SDK against the HTTPS Key
/// Vault double).
/// </summary>
public sealed class KeyVaultReadCapTests : IAsyncLifetime
{
    private const int Oversize = 4 * 1024 * 1024;
    private readonly string _directory = TestTools.NewScratchDirectory("kv-cap");
    private readonly CountingHandler _counting = new(asPipelineStage: true);
    private KeyVaultDouble _vault = null!;

    public async Task InitializeAsync() => _vault = await KeyVaultDouble.StartAsync();

    [Fact]
    public async Task An_oversize_secret_is_refused_before_the_SDK_buffers_it_and_a_normal_one_still_reads()
    {
        await _vault.SecretClient().SetSecretAsync(new KeyVaultSecret("lbacme-lb0", new string('A', Oversize)));
        await using var provider = BuildSidecar();
        var store = provider.GetRequiredService<ICertificateStore>();

        var refused = await Assert.ThrowsAsync<StoredObjectTooLargeException>(() => store.GetAsync("lbacme-lb0", CancellationToken.None));
        var received = _counting.Received;
        using var issuer = new TestCertificateIssuer();
        var good = issuer.Issue(["svc.example.test"]);
        await _vault.SecretClient().SetSecretAsync(new KeyVaultSecret("lbacme-lb0", good.Bundle) { Properties = { ContentType = "application/x-pem-file" } });
        var stored = await store.GetAsync("lbacme-lb0", CancellationToken.None);

        Assert.Equal(StoreReadLimits.MaxCertificateResponseBytes, refused.Limit);
        Assert.True(received <= 2L * StoreReadLimits.MaxCertificateResponseBytes, $"{received} bytes received for a {Oversize}-byte secret");
        Assert.Equal(good.Bundle, stored!.Pem);
    }

    /// <summary>
    /// One client reads every fleet certificate's secret, so a refusal names the secret the request asked for:
    /// "lbacme-api-lb0" is fleet certificate "api"'s copy for lb0, not the default certificate's "lbacme-lb0".
    /// </summary>
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
        services.AddHttpClient(CertificateStores.KeyVaultHttpClientName).AddHttpMessageHandler(() => _counting);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public async Task DisposeAsync()
    {
        await _vault.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
