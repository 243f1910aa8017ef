namespace LbAcme.Infra.Tests.Bicep;

/// <summary>Least privilege, as the deployment would assign it: who gets which role where, with which condition.</summary>
[Collection(BicepDeployments.Name)]
public sealed class RoleAssignmentTests(BicepFixture fixture)
{
    private const string ReadAction = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    private const string PathAttribute = "@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]";
    private const string PrefixAttribute = "@Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix]";
    private static readonly string ResourceGroupId = $"/subscriptions/{BicepFixture.SubscriptionId}/resourceGroups/{BicepFixture.ResourceGroup}";

    private DeploymentSnapshot Snapshot => fixture.Flex;

    private string VaultId => $"{ResourceGroupId}/providers/Microsoft.KeyVault/vaults/{DeploymentSnapshot.Name(Snapshot.One("Microsoft.KeyVault/vaults"))}";

    private string StoreContainerId => Snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers")
        .Select(c => $"{ResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{DeploymentSnapshot.Name(c).Replace("/default/", "/blobServices/default/containers/", StringComparison.Ordinal)}")
        .Single(id => id.EndsWith("/containers/lb-acme", StringComparison.Ordinal));

    private static bool IsFunction(RoleAssignment a) => a.PrincipalId.Contains("Microsoft.Web/sites/", StringComparison.Ordinal);

    [Fact]
    public void The_function_gets_exactly_its_six_roles_at_their_scopes()
    {
        var function = Snapshot.RoleAssignments.Where(IsFunction).Select(a => (a.Role, a.Scope)).Order().ToList();
        var hostStorage = Snapshot.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Single(n => n.StartsWith("lbacmefn", StringComparison.Ordinal));
        var appInsights = DeploymentSnapshot.Name(Snapshot.One("Microsoft.Insights/components"));

        (string, string)[] expected =
        [
            (RoleIds.KeyVaultCertificatesOfficer, VaultId),
            (RoleIds.KeyVaultSecretsOfficer, VaultId),
            (RoleIds.StorageBlobDataOwner, $"{ResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{hostStorage}"),
            (RoleIds.StorageQueueDataContributor, $"{ResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{hostStorage}"),
            (RoleIds.StorageBlobDataContributor, StoreContainerId),
            (RoleIds.MonitoringMetricsPublisher, $"{ResourceGroupId}/providers/Microsoft.Insights/components/{appInsights}"),
        ];
        Assert.Equal(expected.Order().ToList(), function);
        Assert.All(Snapshot.RoleAssignments.Where(IsFunction), a => Assert.Null(a.Condition));
    }

    [Fact]
    public void The_only_queue_role_is_Queue_Data_Contributor_on_the_host_storage_and_nobody_else_holds_one()
    {
        // Storage Queue Data Reader, Message Processor, Message Sender, Contributor: none broader than one account.
        string[] queueRoles = ["19e7f393-937e-4f77-808e-94535e297925", "8a0f0c08-91a1-4084-bc3d-661d67233fed", "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a", RoleIds.StorageQueueDataContributor];
        var hostStorage = Snapshot.OfType("Microsoft.Storage/storageAccounts").Select(DeploymentSnapshot.Name).Single(n => n.StartsWith("lbacmefn", StringComparison.Ordinal));

        var queue = Assert.Single(Snapshot.RoleAssignments, a => queueRoles.Contains(a.Role));

        Assert.True(IsFunction(queue));
        Assert.Equal(RoleIds.StorageQueueDataContributor, queue.Role);
        Assert.Equal($"{ResourceGroupId}/providers/Microsoft.Storage/storageAccounts/{hostStorage}", queue.Scope);
        Assert.Equal($"/subscriptions/{BicepFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{RoleIds.StorageQueueDataContributor}", queue.RoleDefinitionId);
        Assert.DoesNotContain(Snapshot.RoleAssignments, a => a.Scope == ResourceGroupId || a.Scope == $"/subscriptions/{BicepFixture.SubscriptionId}");
    }

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb1")]
    [InlineData("lb2")]
    public void An_LB_reads_only_its_own_certificate_secret(string lb)
    {
        var secret = Assert.Single(Snapshot.RoleAssignments, a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Role == RoleIds.KeyVaultSecretsUser);

        Assert.Equal($"{VaultId}/secrets/lbacme-{lb}", secret.Scope);
        Assert.DoesNotContain(Snapshot.RoleAssignments, a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Scope == VaultId);
    }

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb2")]
    public void An_LB_reads_and_lists_only_its_own_challenge_prefix(string lb)
    {
        var reader = Assert.Single(Snapshot.RoleAssignments, a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Role == RoleIds.StorageBlobDataReader);

        Assert.Equal(StoreContainerId, reader.Scope);
        Assert.Equal("2.0", reader.ConditionVersion);
        Assert.Equal(
            $"((!(ActionMatches{{'{ReadAction}'}} AND NOT SubOperationMatches{{'Blob.List'}})) OR ({PathAttribute} StringStartsWith 'challenges/{lb}/'))"
            + $" AND ((!(ActionMatches{{'{ReadAction}'}} AND SubOperationMatches{{'Blob.List'}})) OR ({PrefixAttribute} StringStartsWith 'challenges/{lb}/'))",
            reader.Condition);
    }

    [Theory]
    [InlineData("lb1")]
    public void An_LB_writes_only_its_own_status_blob_through_a_data_only_role(string lb)
    {
        var definition = Snapshot.One("Microsoft.Authorization/roleDefinitions");
        var writer = Assert.Single(Snapshot.RoleAssignments, a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Role == DeploymentSnapshot.Name(definition));

        var permissions = Assert.Single(definition.GetProperty("properties").GetProperty("permissions").EnumerateArray());
        Assert.Empty(permissions.GetProperty("actions").EnumerateArray());
        Assert.Equal(
            [ReadAction, "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action"],
            permissions.GetProperty("dataActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal([ResourceGroupId], definition.GetProperty("properties").GetProperty("assignableScopes").EnumerateArray().Select(s => s.GetString()));
        // Role definitions are subscription resources: the assignment names it by its subscription-scoped id.
        Assert.Equal($"/subscriptions/{BicepFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{DeploymentSnapshot.Name(definition)}", writer.RoleDefinitionId);
        Assert.Equal(StoreContainerId, writer.Scope);
        Assert.Equal("2.0", writer.ConditionVersion);
        Assert.Contains($"{PathAttribute} StringEquals 'status/{lb}')", writer.Condition, StringComparison.Ordinal);
        Assert.Contains($"{PrefixAttribute} StringEquals 'status/{lb}')", writer.Condition, StringComparison.Ordinal);
        foreach (var action in new[] { "blobs/write", "blobs/add/action" })
        {
            Assert.Contains($"!(ActionMatches{{'Microsoft.Storage/storageAccounts/blobServices/containers/{action}'}})", writer.Condition, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_status_writer_role_name_is_unique_per_subscription_and_resource_group()
    {
        static string RoleName(DeploymentSnapshot s) => s.One("Microsoft.Authorization/roleDefinitions").GetProperty("properties").GetProperty("roleName").GetString()!;

        // Custom role names are unique in the tenant: two resource groups must not ask for the same one.
        Assert.NotEqual(RoleName(fixture.Flex), RoleName(fixture.Dedicated));
        Assert.Matches($"^lb-acme status writer \\({BicepFixture.ResourceGroup} [a-z0-9]{{13}}\\)$", RoleName(fixture.Flex));
        Assert.Contains(BicepFixture.OtherResourceGroup, RoleName(fixture.Dedicated), StringComparison.Ordinal);
        Assert.All(fixture.Dedicated.RoleAssignments.Where(a => a.Role == DeploymentSnapshot.Name(fixture.Dedicated.One("Microsoft.Authorization/roleDefinitions"))),
            a => Assert.StartsWith($"/subscriptions/{BicepFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/", a.RoleDefinitionId, StringComparison.Ordinal));
    }

    [Fact]
    public void LBs_get_nothing_beyond_their_secret_and_conditioned_container_roles()
    {
        foreach (var lb in BicepFixture.Lbs)
        {
            var assignments = Snapshot.RoleAssignments.Where(a => a.PrincipalId == BicepFixture.PrincipalOf(lb)).ToList();

            Assert.Equal(3, assignments.Count);
            Assert.All(assignments.Where(a => a.Scope == StoreContainerId), a => Assert.NotNull(a.Condition));
            Assert.All(assignments, a => Assert.True(a.Scope == StoreContainerId || a.Scope == $"{VaultId}/secrets/lbacme-{lb}", $"{lb} has a role at {a.Scope}"));
            var others = BicepFixture.Lbs.Where(other => other != lb);
            Assert.All(assignments, a => Assert.DoesNotContain(others, other => (a.Condition ?? a.Scope).Contains($"/{other}", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Until_the_certificates_exist_LBs_get_no_secret_role_but_keep_their_store_roles()
    {
        var lbAssignments = fixture.Dedicated.RoleAssignments.Where(a => !IsFunction(a)).ToList();

        Assert.DoesNotContain(lbAssignments, a => a.Role == RoleIds.KeyVaultSecretsUser);
        Assert.Equal(2 * BicepFixture.Lbs.Length, lbAssignments.Count);
    }
}
