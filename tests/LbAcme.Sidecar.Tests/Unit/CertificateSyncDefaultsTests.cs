using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// Which certificate sync a fleet file gets when it does not say: one written from the Bicep outputs (a vault URI)
/// syncs from Key Vault; one that names no certificate store stays as before (off), and an explicit switch wins.
/// </summary>
public sealed class CertificateSyncDefaultsTests
{
    [Fact]
    public void A_vault_uri_alone_turns_sync_on_with_Key_Vault()
    {
        var sync = Bind(new() { ["Sidecar:CertificateSync:KeyVault:Uri"] = "https://lbacme-kv.vault.azure.net/" });

        Assert.True(sync.Enabled);
        Assert.Equal("keyvault", sync.Store);
    }

    [Fact]
    public void Naming_no_certificate_store_leaves_sync_off()
    {
        var sync = Bind([]);

        Assert.False(sync.Enabled);
        Assert.Equal("blob", sync.Store);
    }

    [Fact]
    public void A_container_sas_turns_sync_on_with_blob()
    {
        var sync = Bind(new() { ["Sidecar:CertificateSync:ContainerSasUri"] = "https://acct.blob.core.windows.net/certificates?sig=x" });

        Assert.True(sync.Enabled);
        Assert.Equal("blob", sync.Store);
    }

    [Fact]
    public void An_explicit_store_turns_sync_on()
    {
        Assert.True(Bind(new() { ["Sidecar:CertificateSync:Store"] = "blob" }).Enabled);
    }

    [Fact]
    public void An_explicit_switch_wins_over_the_vault()
    {
        var sync = Bind(new()
        {
            ["Sidecar:CertificateSync:KeyVault:Uri"] = "https://lbacme-kv.vault.azure.net/",
            ["Sidecar:CertificateSync:Enabled"] = "false",
            ["Sidecar:CertificateSync:Store"] = "blob",
        });

        Assert.False(sync.Enabled);
        Assert.Equal("blob", sync.Store);
    }

    private static readonly Dictionary<string, string?> Fleet = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Sidecar:LoadBalancer"] = "lb0",
        ["Sidecar:Store:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    private static CertificateSyncOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Fleet).AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddSidecarCore(configuration).BuildServiceProvider(validateScopes: true);
        return provider.GetRequiredService<IOptions<SidecarOptions>>().Value.CertificateSync;
    }
}
