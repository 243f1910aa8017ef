using LbAcme.Core.Fleet;
using LbAcme.Renewal.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>A wrong configuration field fails the engine's options validation, with the field's name.</summary>
public sealed class ConfigurationErrorTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-staging-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Store:ConnectionString"] = "UseDevelopmentStorage=true",
    };

    [Theory]
    [InlineData("Fleet:LoadBalancers:0:Address", "not-an-ip", "Fleet:LoadBalancers[0]:Address")]
    [InlineData("Fleet:KeyType", "Ed25519", "Fleet:KeyType")]
    [InlineData("Fleet:Names:0", "*.svc.example.com", "Fleet:Names[0]")]
    [InlineData("Fleet:AcmeDirectoryUrl", "http://ca.example/directory", "Fleet:AcmeDirectoryUrl")]
    public void A_bad_fleet_field_is_reported_by_its_path(string key, string value, string expected)
    {
        using var provider = Build(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<FleetOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Engine:MaxParallelism", "0", "MaxParallelism")]
    [InlineData("Engine:CertificateStore", "s3", "CertificateStore")]
    [InlineData("Engine:CertificateName", "has space", "CertificateName")]
    public void A_bad_engine_field_is_reported_by_name(string key, string value, string expected)
    {
        using var provider = Build(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RenewalEngineOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://vault.example/")]
    public void Key_vault_without_an_https_vault_uri_fails_validation_at_start_not_at_the_first_store_call(string? uri)
    {
        var settings = new Dictionary<string, string?>(Good) { ["Engine:CertificateStore"] = "keyvault", ["Engine:KeyVaultUri"] = uri };
        using var provider = LocalFleetEngine.Build(settings);

        var error = Assert.Throws<OptionsValidationException>(provider.ValidateRenewalConfiguration);

        Assert.Contains(error.Failures, f => f.StartsWith("Engine:KeyVaultUri: ", StringComparison.Ordinal));
    }

    [Fact]
    public void One_credential_serves_the_store_and_key_vault()
    {
        var settings = new Dictionary<string, string?>(Good) { ["Engine:CertificateStore"] = "keyvault", ["Engine:KeyVaultUri"] = "https://vault.example/" };
        using var provider = LocalFleetEngine.Build(settings);

        provider.ValidateRenewalConfiguration();

        Assert.Single(provider.GetServices<Azure.Core.TokenCredential>());
        Assert.NotNull(provider.GetRequiredService<LbAcme.Certificates.ICertificateStore>());
    }

    private static ServiceProvider Build(string key, string value) =>
        LocalFleetEngine.Build(new Dictionary<string, string?>(Good) { [key] = value });
}
