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
        var sync = provider.GetRequiredService<SyncTarget>();
        var target = Assert.Single(sync.Certificates);
        Assert.Equal("default", target.Certificate);
        Assert.Equal("lbacme-lb0", target.StoreName);
        Assert.Equal("/var/lib/acme/live/svc.example.com/haproxy", target.PemPath);
        Assert.Equal(target.PemPath, target.RuntimeCertificatePath);
        Assert.Equal(["svc.example.com", "lb0.svc.example.com"], target.RequiredNames);
        Assert.Equal("/run/haproxy/admin.sock", sync.RuntimeSocket);
        Assert.Equal("", sync.ReloadCommand);
        Assert.Equal("/var/lib/acme/haproxy.crt-list", sync.CrtList);
    }

    [Fact]
    public void Nothing_is_checked_while_certificate_sync_is_off()
    {
        using var provider = Build(new(Good) { ["Sidecar:CertificateSync:Enabled"] = "false", ["Sidecar:CertificateSync:Store"] = "nonsense" });

        Assert.Empty(ConfigurationErrors.Validate(provider));
    }

    [Theory]
    [InlineData("Sidecar:CertificateSync:Store", "s3", "Sidecar:CertificateSync:Store: 's3' must be 'blob', 'keyvault' or 'dapr'")]
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

    /// <summary>Two certificates: the first carries each LB's ExtraName (the default one), the second only its own names.</summary>
    private static Dictionary<string, string?> TwoCertificates()
    {
        var settings = new Dictionary<string, string?>(Good) { ["Fleet:Names:0"] = null };
        settings.Remove("Fleet:Names:0");
        settings["Fleet:Certificates:0:Name"] = "default";
        settings["Fleet:Certificates:0:Names:0"] = "svc.example.com";
        settings["Fleet:Certificates:0:CarriesLbExtraName"] = "true";
        settings["Fleet:Certificates:1:Name"] = "api";
        settings["Fleet:Certificates:1:Names:0"] = "API.example.org";
        settings["Fleet:Certificates:1:Names:1"] = "api2.example.org";
        return settings;
    }

    [Fact]
    public void Each_fleet_certificate_has_its_store_copy_names_and_PEM_and_the_crt_list_lists_them_in_order()
    {
        using var provider = Build(TwoCertificates());

        Assert.Empty(ConfigurationErrors.Validate(provider));
        var sync = provider.GetRequiredService<SyncTarget>();
        Assert.Equal(["default", "api"], sync.Certificates.Select(c => c.Certificate));
        Assert.Equal(["lbacme-lb0", "lbacme-api-lb0"], sync.Certificates.Select(c => c.StoreName));
        Assert.Equal(["svc.example.com", "lb0.svc.example.com"], sync.Certificates[0].RequiredNames);
        Assert.Equal(["api.example.org", "api2.example.org"], sync.Certificates[1].RequiredNames);
        Assert.Equal(["/var/lib/acme/live/svc.example.com/haproxy", "/var/lib/acme/live/api.example.org/haproxy"], sync.CrtListEntries);
        Assert.Equal(sync.CrtListEntries, sync.Certificates.Select(c => c.RuntimeCertificatePath));
        Assert.Equal("/var/lib/acme/haproxy.crt-list", sync.CrtList);
    }

    [Theory]
    [InlineData("Sidecar:CertificateSync:PemPath", "/etc/haproxy/one.pem")]
    [InlineData("Sidecar:CertificateSync:RuntimeCertificatePath", "/etc/haproxy/one.pem")]
    public void A_one_file_override_is_refused_with_several_certificates_and_kept_for_one(string key, string value)
    {
        using (var several = Build(new(TwoCertificates()) { [key] = value }))
        {
            var error = Assert.Single(ConfigurationErrors.Validate(several));
            Assert.StartsWith($"{key}: '{value}' names one file, but Fleet:Certificates has 2 certificates", error, StringComparison.Ordinal);
        }
        using var one = Build(new(Good) { [key] = value });
        Assert.Empty(ConfigurationErrors.Validate(one));
        var target = Assert.Single(one.GetRequiredService<SyncTarget>().Certificates);
        Assert.Equal(value, key.EndsWith("PemPath", StringComparison.Ordinal) && !key.Contains("Runtime", StringComparison.Ordinal) ? target.PemPath : target.RuntimeCertificatePath);
    }

    [Fact]
    public void A_PemPath_override_without_a_configured_crt_list_keeps_the_single_crt_setup()
    {
        using var legacy = Build(new(Good) { ["Sidecar:CertificateSync:PemPath"] = "/etc/haproxy/one.pem" });
        Assert.Null(legacy.GetRequiredService<SyncTarget>().CrtList);
        using var listed = Build(new(Good) { ["Sidecar:CertificateSync:PemPath"] = "/etc/haproxy/one.pem", ["Fleet:HaProxy:CrtList"] = "/etc/haproxy/lb.crt-list" });
        Assert.Equal("/etc/haproxy/lb.crt-list", listed.GetRequiredService<SyncTarget>().CrtList);
        Assert.Equal(["/etc/haproxy/one.pem"], listed.GetRequiredService<SyncTarget>().CrtListEntries);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSidecarCore(configuration).AddCertificateSync().BuildServiceProvider(validateScopes: true);
    }
}
