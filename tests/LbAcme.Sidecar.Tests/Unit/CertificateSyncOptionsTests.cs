using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>Sidecar:CertificateSync bound and validated through the daemon's own registration; errors name the field.</summary>
public sealed class CertificateSyncOptionsTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Fleet:LoadBalancers:0:ExtraName"] = "lb0.svc.example.com",
        ["Sidecar:LoadBalancer"] = "lb0",
        ["Sidecar:Store:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Sidecar:CertificateSync:Enabled"] = "true",
    };

    [Fact]
    public void The_defaults_follow_acmetool_layout_and_the_engine_certificate_name()
    {
        using var provider = Build(Good);

        Assert.Empty(ConfigurationErrors.Validate(provider));
        var target = provider.GetRequiredService<CertificateTarget>();
        Assert.Equal("lbacme-lb0", target.StoreName);
        Assert.Equal("/var/lib/acme/live/svc.example.com/haproxy", target.PemPath);
        Assert.Equal(target.PemPath, target.RuntimeCertificatePath);
        Assert.Equal(["svc.example.com", "lb0.svc.example.com"], target.RequiredNames);
        Assert.Equal("/run/haproxy/admin.sock", target.RuntimeSocket);
        Assert.Equal("", target.ReloadCommand);
    }

    [Fact]
    public void Nothing_is_checked_while_certificate_sync_is_off()
    {
        using var provider = Build(new(Good) { ["Sidecar:CertificateSync:Enabled"] = "false", ["Sidecar:CertificateSync:Store"] = "nonsense" });

        Assert.Empty(ConfigurationErrors.Validate(provider));
    }

    [Theory]
    [InlineData("Sidecar:CertificateSync:Store", "s3", "Sidecar:CertificateSync:Store: 's3' must be 'blob' or 'keyvault'")]
    [InlineData("Sidecar:CertificateSync:CertificateName", "bad_name", "Sidecar:CertificateSync:CertificateName: 'bad_name'")]
    [InlineData("Sidecar:CertificateSync:Container", "Bad", "Sidecar:CertificateSync:Container: 'Bad' is not a blob container name")]
    [InlineData("Sidecar:CertificateSync:Interval", "00:00:00", "Sidecar:CertificateSync:Interval: '00:00:00' must be between")]
    [InlineData("Sidecar:CertificateSync:MaxBackoff", "00:00:01", "Sidecar:CertificateSync:MaxBackoff: '00:00:01' must be at least RetryDelay")]
    [InlineData("Sidecar:CertificateSync:PemPath", "relative/haproxy", "Sidecar:CertificateSync:PemPath: 'relative/haproxy' must be an absolute path")]
    [InlineData("Sidecar:CertificateSync:FileOwner", "no-such-user-here", "Sidecar:CertificateSync:FileOwner: user 'no-such-user-here' is not in /etc/passwd")]
    [InlineData("Sidecar:Store:ConnectionString", "", "Sidecar:CertificateSync:Store: 'blob' needs Sidecar:Store:ConnectionString")]
    public void A_wrong_field_is_named(string key, string value, string expected)
    {
        using var provider = Build(new(Good) { [key] = value });

        var errors = ConfigurationErrors.Validate(provider);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Key_Vault_mode_needs_an_https_vault_uri()
    {
        using var provider = Build(new(Good) { ["Sidecar:CertificateSync:Store"] = "keyvault", ["Sidecar:CertificateSync:KeyVault:Uri"] = "http://vault.example" });

        Assert.Contains(ConfigurationErrors.Validate(provider), e => e.StartsWith("Sidecar:CertificateSync:KeyVault:Uri: required", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSidecarCore(configuration).AddCertificateSync().BuildServiceProvider(validateScopes: true);
    }
}
