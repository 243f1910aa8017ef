using LbAcme.Core.Fleet;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>The function app, its storage, vault and alerts carry what the renewal handler and the operators need.</summary>
[Collection(BicepDeployments.Name)]
public sealed class FunctionAppTests(BicepFixture fixture)
{
    [Fact]
    public void App_settings_carry_what_the_handler_reads()
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
    public void Flex_Consumption_runs_the_custom_handler_from_functionAppConfig()
    {
        var site = fixture.Flex.One("Microsoft.Web/sites").GetProperty("properties");
        var plan = fixture.Flex.One("Microsoft.Web/serverfarms");

        Assert.Equal("custom", site.GetProperty("functionAppConfig").GetProperty("runtime").GetProperty("name").GetString());
        Assert.Equal("SystemAssignedIdentity", site.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        // Flex Consumption rejects these as app settings; the runtime comes from functionAppConfig.
        Assert.DoesNotContain(fixture.Flex.AppSettings().Keys, k => k is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION");
    }

    [Fact]
    public void A_Dedicated_plan_runs_the_custom_handler_from_app_settings_and_stays_on()
    {
        var site = fixture.Dedicated.One("Microsoft.Web/sites").GetProperty("properties");
        var settings = fixture.Dedicated.AppSettings();

        Assert.Equal("custom", settings["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("~4", settings["FUNCTIONS_EXTENSION_VERSION"]);
        Assert.False(site.TryGetProperty("functionAppConfig", out _));
        Assert.True(site.GetProperty("siteConfig").GetProperty("alwaysOn").GetBoolean());
        Assert.Equal("B1", fixture.Dedicated.One("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
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
        Assert.False(vault.TryGetProperty("accessPolicies", out _));
    }

    [Fact]
    public void Alerts_watch_failed_renewals_and_certificates_inside_the_backstop()
    {
        var rules = fixture.Flex.OfType("Microsoft.Insights/scheduledQueryRules")
            .ToDictionary(DeploymentSnapshot.Name, r => r.GetProperty("properties"));
        string Query(string name) => rules[name].GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!;

        Assert.Contains("OperationName == \"RenewalTimer\" and Success == false", Query("lbacme-renewal-failed"), StringComparison.Ordinal);
        Assert.Contains("Renewal of", Query("lbacme-renewal-failed"), StringComparison.Ordinal);
        Assert.Contains("NotAfter < now() + 15d", Query("lbacme-certificate-expiring"), StringComparison.Ordinal);
        Assert.All(rules.Values, r => Assert.Single(r.GetProperty("actions").GetProperty("actionGroups").EnumerateArray()));
    }

    [Fact]
    public void Outputs_give_a_sidecar_its_store_vault_and_certificate_name()
    {
        var outputs = fixture.Flex.Outputs;

        Assert.Equal("lb-acme", outputs.GetProperty("storeContainer").GetString());
        Assert.Contains("primaryEndpoints.blob", outputs.GetProperty("storeServiceUri").GetString(), StringComparison.Ordinal);
        Assert.Contains("vaultUri", outputs.GetProperty("keyVaultUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            BicepFixture.Lbs.Select(lb => $"{lb}=lbacme-{lb}"),
            outputs.GetProperty("certificateNames").EnumerateArray().Select(c => $"{c.GetProperty("lb").GetString()}={c.GetProperty("certificate").GetString()}"));
    }
}
