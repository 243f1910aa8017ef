using LbAcme.Core.Fleet;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>The function app, its storage and vault carry what the isolated worker and the sidecars need.</summary>
[Collection(BicepDeployments.Name)]
public sealed class FunctionAppTests(BicepFixture fixture)
{
    [Fact]
    public void App_settings_carry_what_the_app_reads()
    {
        var settings = fixture.Flex.AppSettings();
        var hostStorage = fixture.Flex.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Single(n => n.StartsWith("lbacmefn", StringComparison.Ordinal));
        var store = fixture.Flex.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Single(n => n != hostStorage);
        var vault = DeploymentSnapshot.Name(fixture.Flex.One("Microsoft.KeyVault/vaults"));

        Assert.Equal("0 17 * * * *", settings["RenewalSchedule"]);
        Assert.Equal("keyvault", settings["Engine__CertificateStore"]);
        Assert.Equal("lbacme", settings["Engine__CertificateName"]);
        Assert.Contains($"/vaults/{vault}'", settings["Engine__KeyVaultUri"], StringComparison.Ordinal);
        Assert.EndsWith(".vaultUri]", settings["Engine__KeyVaultUri"], StringComparison.Ordinal);
        Assert.Contains($"/storageAccounts/{store}'", settings["Store__ServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.blob]", settings["Store__ServiceUri"], StringComparison.Ordinal);
        Assert.Equal("lb-acme", settings["Store__Container"]);
        Assert.Equal(hostStorage, settings["AzureWebJobsStorage__accountName"]);
        // The queue connection "RenewalQueue" is identity-based: the host storage's queue endpoint, no key.
        Assert.Contains($"/storageAccounts/{hostStorage}'", settings["RenewalQueue__queueServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.queue]", settings["RenewalQueue__queueServiceUri"], StringComparison.Ordinal);
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("RenewalQueue", StringComparison.Ordinal) && k != "RenewalQueue__queueServiceUri");
        Assert.DoesNotContain(settings.Keys, k => k is "AzureWebJobsStorage" or "Store__ConnectionString" or "Store__ContainerSasUri");
    }

    [Fact]
    public void Fleet_settings_bind_and_validate_as_the_function_reads_them()
    {
        var fleetSettings = fixture.Flex.AppSettings().Where(s => s.Key.StartsWith("Fleet__", StringComparison.Ordinal))
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(fleetSettings).Build();
        var section = configuration.GetSection(FleetOptions.SectionName);
        var fleet = section.Get<FleetOptions>()!;

        var result = new FleetOptionsValidation(section).Validate(null, fleet);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(["svc.example.com", "www.example.com"], fleet.Names);
        Assert.Equal("tlsserver", fleet.Profile);
        Assert.Equal(BicepFixture.Lbs, fleet.LoadBalancers.Select(lb => lb.Name));
        Assert.Equal(31081, fleet.LoadBalancers[0].PeerPort);
        Assert.Equal(31080, fleet.LoadBalancers[1].PeerPort);
        Assert.Equal("lb0.svc.example.com", fleet.LoadBalancers[0].ExtraName);
        Assert.Null(fleet.LoadBalancers[1].ExtraName);
        Assert.Equal(["198.51.100.1", "198.51.100.2", "2001:db8::1"], fleet.Vips);
    }

    [Fact]
    public void Flex_Consumption_runs_dotnet_isolated_10_from_functionAppConfig_and_its_site_config_has_no_classic_properties()
    {
        var site = fixture.Flex.One("Microsoft.Web/sites").GetProperty("properties");
        var runtime = site.GetProperty("functionAppConfig").GetProperty("runtime");
        var siteConfig = site.GetProperty("siteConfig");

        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal("SystemAssignedIdentity", site.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("FC1", fixture.Flex.One("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
        // Newer regions reject a Flex site config carrying these; the runtime comes from functionAppConfig.
        foreach (var property in new[] { "ftpsState", "alwaysOn", "linuxFxVersion" })
        {
            Assert.False(siteConfig.TryGetProperty(property, out _), $"Flex Consumption siteConfig has {property}");
        }
        Assert.DoesNotContain(fixture.Flex.AppSettings().Keys, k => k is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION" or "WEBSITE_RUN_FROM_PACKAGE");
    }

    [Fact]
    public void A_Dedicated_plan_runs_dotnet_isolated_10_from_app_settings_and_linuxFxVersion_and_stays_on()
    {
        var site = fixture.Dedicated.One("Microsoft.Web/sites").GetProperty("properties");
        var settings = fixture.Dedicated.AppSettings();

        Assert.Equal("dotnet-isolated", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.Equal("DOTNET-ISOLATED|10.0", site.GetProperty("siteConfig").GetProperty("linuxFxVersion").GetString());
        Assert.False(site.TryGetProperty("functionAppConfig", out _));
        Assert.True(site.GetProperty("siteConfig").GetProperty("alwaysOn").GetBoolean());
        Assert.Equal("Disabled", site.GetProperty("siteConfig").GetProperty("ftpsState").GetString());
        Assert.Equal("B1", fixture.Dedicated.One("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
    }

    [Fact]
    public void Elastic_Premium_runs_dotnet_isolated_10_with_ftps_off_and_needs_no_always_on()
    {
        var siteConfig = fixture.Recovered.One("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig");

        Assert.Equal("dotnet-isolated", fixture.Recovered.AppSettings()["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("DOTNET-ISOLATED|10.0", siteConfig.GetProperty("linuxFxVersion").GetString());
        Assert.Equal("Disabled", siteConfig.GetProperty("ftpsState").GetString());
        Assert.False(siteConfig.GetProperty("alwaysOn").GetBoolean());
        Assert.Equal("EP1", fixture.Recovered.One("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
    }

    [Fact]
    public void The_renewal_queue_and_its_poison_queue_live_in_the_host_storage()
    {
        var hostStorage = fixture.Flex.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Single(n => n.StartsWith("lbacmefn", StringComparison.Ordinal));

        Assert.Equal(
            [$"{hostStorage}/default/lb-renewals", $"{hostStorage}/default/lb-renewals-poison"],
            fixture.Flex.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(DeploymentSnapshot.Name).Order());
        Assert.Equal("lb-renewals", fixture.Flex.Outputs.GetProperty("renewalQueue").GetString());
        Assert.Equal("lb-renewals-poison", fixture.Flex.Outputs.GetProperty("renewalPoisonQueue").GetString());
        Assert.Equal(hostStorage, fixture.Flex.Outputs.GetProperty("hostStorageAccount").GetString());
    }

    [Fact]
    public void Storage_takes_identities_only_and_litter_under_challenges_expires()
    {
        Assert.All(fixture.Flex.OfType("Microsoft.Storage/storageAccounts"), account =>
            Assert.False(account.GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean()));
        var rules = fixture.Flex.One("Microsoft.Storage/storageAccounts/managementPolicies")
            .GetProperty("properties").GetProperty("policy").GetProperty("rules").EnumerateArray().ToList();
        var challenges = Assert.Single(rules, r => r.GetProperty("name").GetString() == "delete-stale-challenges").GetProperty("definition");

        Assert.Equal(["lb-acme/challenges/"], challenges.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, challenges.GetProperty("actions").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan").GetInt32());
    }

    [Fact]
    public void The_vault_uses_RBAC_with_soft_delete_and_purge_protection()
    {
        var vault = fixture.Flex.One("Microsoft.KeyVault/vaults").GetProperty("properties");

        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enableSoftDelete").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
        Assert.Equal("default", vault.GetProperty("createMode").GetString());
        Assert.False(vault.TryGetProperty("accessPolicies", out _));
    }

    [Fact]
    public void Outputs_give_a_sidecar_its_store_vault_and_certificate_name()
    {
        var outputs = fixture.Flex.Outputs;

        Assert.Equal("lb-acme", outputs.GetProperty("storeContainer").GetString());
        Assert.Contains("primaryEndpoints.blob", outputs.GetProperty("storeServiceUri").GetString(), StringComparison.Ordinal);
        Assert.Contains("vaultUri", outputs.GetProperty("keyVaultUri").GetString(), StringComparison.Ordinal);
        Assert.Equal("lbacme", outputs.GetProperty("certificateName").GetString()); // Sidecar:CertificateSync:CertificateName
        Assert.Equal(
            BicepFixture.Lbs.Select(lb => $"{lb}=lbacme-{lb}"),
            outputs.GetProperty("certificateNames").EnumerateArray().Select(c => $"{c.GetProperty("lb").GetString()}={c.GetProperty("certificate").GetString()}"));
    }
}
