namespace LbAcme.Infra.Tests.Bicep;

/// <summary>
/// What operators rely on: alerts that read the structured renewal properties and survive the first
/// deployment, audit and function logs in the workspace, a vault that can be redeployed after a teardown,
/// and resource names that stay valid whatever name prefix was passed.
/// </summary>
[Collection(BicepDeployments.Name)]
public sealed class OperationsTests(BicepFixture fixture)
{
    private Dictionary<string, System.Text.Json.JsonElement> Rules => fixture.Flex.OfType("Microsoft.Insights/scheduledQueryRules")
        .ToDictionary(DeploymentSnapshot.Name, r => r.GetProperty("properties"));

    private string Query(string rule) => Rules[rule].GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!;

    [Fact]
    public void Alert_rules_skip_query_validation_so_they_deploy_beside_a_workspace_without_data()
    {
        Assert.Equal(3, Rules.Count);
        Assert.All(Rules.Values, r => Assert.True(r.GetProperty("skipQueryValidation").GetBoolean()));
        Assert.All(Rules.Values, r => Assert.Single(r.GetProperty("actions").GetProperty("actionGroups").EnumerateArray()));
    }

    [Fact]
    public void Renewal_failed_reads_the_Outcome_and_WillRetry_properties_and_failed_timer_invocations()
    {
        var query = Query("lbacme-renewal-failed");

        Assert.Contains("AppTraces", query, StringComparison.Ordinal);
        Assert.Contains("tostring(Properties.Outcome) == \"Poisoned\"", query, StringComparison.Ordinal);
        Assert.Contains("(tostring(Properties.Outcome) == \"Failed\" and tostring(Properties.WillRetry) !~ \"true\")", query, StringComparison.Ordinal);
        Assert.Contains("Lb = tostring(Properties.Lb)", query, StringComparison.Ordinal);
        Assert.Contains("AppRequests", query, StringComparison.Ordinal);
        Assert.Contains("OperationName == \"RenewalTimer\" and Success == false", query, StringComparison.Ordinal);
        Assert.DoesNotContain("Message", query, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_expiring_reads_the_latest_NotAfter_property_per_LB()
    {
        var query = Query("lbacme-certificate-expiring");

        Assert.Contains("Lb = tostring(Properties.Lb)", query, StringComparison.Ordinal);
        Assert.Contains("todatetime(tostring(Properties.NotAfter))", query, StringComparison.Ordinal);
        Assert.Contains("summarize arg_max(TimeGenerated, NotAfter) by Lb", query, StringComparison.Ordinal);
        Assert.Contains("NotAfter < now() + 15d", query, StringComparison.Ordinal);
        Assert.DoesNotContain("Message", query, StringComparison.Ordinal);
        Assert.Equal("Lb", Rules["lbacme-certificate-expiring"].GetProperty("criteria").GetProperty("allOf")[0].GetProperty("dimensions")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void No_renewal_run_looks_for_timer_invocations_and_the_outcomes_they_triggered()
    {
        var query = Query("lbacme-no-renewal-run");

        Assert.Contains("OperationName == \"RenewalTimer\"", query, StringComparison.Ordinal);
        Assert.Contains("tostring(Properties.Trigger) == \"RenewalTimer\"", query, StringComparison.Ordinal);
        Assert.Contains("union isfuzzy=true", query, StringComparison.Ordinal);
        Assert.Contains("| summarize Runs = count()\n| where Runs == 0", query.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Message", query, StringComparison.Ordinal);
        Assert.Equal("P2D", Rules["lbacme-no-renewal-run"].GetProperty("windowSize").GetString());
    }

    [Fact]
    public void No_renewal_run_waits_twice_the_schedules_period()
    {
        static string NoRunQuery(DeploymentSnapshot snapshot) => snapshot.OfType("Microsoft.Insights/scheduledQueryRules")
            .Single(r => DeploymentSnapshot.Name(r).EndsWith("-no-renewal-run", StringComparison.Ordinal))
            .GetProperty("properties").GetProperty("criteria").GetProperty("allOf")[0].GetProperty("query").GetString()!;

        Assert.Contains("let window = 120m;", NoRunQuery(fixture.Flex), StringComparison.Ordinal); // hourly, the default
        Assert.Contains("let window = 20m;", NoRunQuery(fixture.Dedicated), StringComparison.Ordinal); // BicepFixture.DedicatedSchedule
        Assert.Contains("let window = 720m;", NoRunQuery(fixture.Recovered), StringComparison.Ordinal); // BicepFixture.RecoveredSchedule
    }

    [Theory]
    [InlineData("Microsoft.KeyVault/vaults", "vault-audit", "AuditEvent")]
    [InlineData("Microsoft.Web/sites", "function-app-logs", "FunctionAppLogs")]
    public void Diagnostic_settings_send_resource_logs_to_the_workspace(string resourceType, string setting, string category)
    {
        var resource = fixture.Flex.One(resourceType).GetProperty("id").GetString()!;
        var workspace = fixture.Flex.One("Microsoft.OperationalInsights/workspaces").GetProperty("id").GetString()!;

        var diagnostic = Assert.Single(fixture.Flex.OfType("Microsoft.Insights/diagnosticSettings"),
            d => d.GetProperty("id").GetString() == $"{resource}/providers/Microsoft.Insights/diagnosticSettings/{setting}");
        var properties = diagnostic.GetProperty("properties");

        Assert.Equal(workspace, properties.GetProperty("workspaceId").GetString());
        var log = Assert.Single(properties.GetProperty("logs").EnumerateArray());
        Assert.Equal(category, log.GetProperty("category").GetString());
        Assert.True(log.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public void A_vault_name_salt_renames_only_the_vault_and_recover_sets_createMode()
    {
        static string NameOf(DeploymentSnapshot s, string type) => DeploymentSnapshot.Name(s.One(type));
        static string[] Accounts(DeploymentSnapshot s) => [.. s.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Order()];

        // Same resource group and prefix as the default deployment: everything keeps its name but the vault.
        Assert.NotEqual(NameOf(fixture.Flex, "Microsoft.KeyVault/vaults"), NameOf(fixture.Recovered, "Microsoft.KeyVault/vaults"));
        Assert.Equal(Accounts(fixture.Flex), Accounts(fixture.Recovered));
        Assert.Equal(NameOf(fixture.Flex, "Microsoft.Web/sites"), NameOf(fixture.Recovered, "Microsoft.Web/sites"));
        Assert.Matches("^lbacme-kv-[a-z0-9]{13}$", NameOf(fixture.Recovered, "Microsoft.KeyVault/vaults"));
        Assert.Equal("recover", fixture.Recovered.One("Microsoft.KeyVault/vaults").GetProperty("properties").GetProperty("createMode").GetString());
    }

    [Fact]
    public void A_name_prefix_storage_would_refuse_still_gives_valid_names()
    {
        // LB_Acme-9: upper case, underscore and hyphen are dropped from every name.
        var accounts = fixture.Dedicated.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).ToList();
        var vault = DeploymentSnapshot.Name(fixture.Dedicated.One("Microsoft.KeyVault/vaults"));

        Assert.Equal(2, accounts.Count);
        Assert.All(accounts, name => Assert.Matches("^lbacme9(st|fn)[a-z0-9]{13}$", name));
        Assert.Matches("^lbacme9-kv-[a-z0-9]{13}$", vault);
        Assert.Matches("^lbacme9-renewal-[a-z0-9]{13}$", DeploymentSnapshot.Name(fixture.Dedicated.One("Microsoft.Web/sites")));
    }
}
