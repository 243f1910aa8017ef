using System.Text.Json;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>
/// <c>bicep snapshot</c>'s output: every resource the deployment would create, with names, scopes and
/// properties evaluated for the given parameters (only values known after deployment stay expressions).
/// </summary>
public sealed class DeploymentSnapshot
{
    private const string AssignmentMarker = "/providers/Microsoft.Authorization/roleAssignments/";

    public DeploymentSnapshot(JsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        Resources = [.. document.RootElement.GetProperty("predictedResources").EnumerateArray()];
        Outputs = document.RootElement.GetProperty("outputs");
        RoleAssignments = [.. Resources.Where(r => Type(r) == "Microsoft.Authorization/roleAssignments").Select(ReadAssignment)];
    }

    public IReadOnlyList<JsonElement> Resources { get; }

    public JsonElement Outputs { get; }

    public IReadOnlyList<RoleAssignment> RoleAssignments { get; }

    public IEnumerable<JsonElement> OfType(string type) => Resources.Where(r => Type(r) == type);

    public JsonElement One(string type) => Assert.Single(OfType(type));

    public static string Type(JsonElement resource) => resource.GetProperty("type").GetString()!;

    public static string Name(JsonElement resource) => resource.GetProperty("name").GetString()!;

    /// <summary>The site's appSettings as a dictionary (names are unique; a duplicate fails the test).</summary>
    public IReadOnlyDictionary<string, string> AppSettings() =>
        One("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings")
            .EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);

    /// <summary>
    /// The scope is the id up to the assignment's provider segment; when the name waits on a value known only
    /// at deployment (the function's principal id), the id stays an extensionResourceId('scope', ...) expression.
    /// </summary>
    private static string ScopeOf(string id)
    {
        const string Expression = "[extensionResourceId('";
        if (id.StartsWith(Expression, StringComparison.Ordinal))
        {
            return id[Expression.Length..id.IndexOf('\'', Expression.Length)];
        }
        var at = id.IndexOf(AssignmentMarker, StringComparison.Ordinal);
        Assert.True(at > 0, $"role assignment id without a scope: {id}");
        return id[..at];
    }

    private static RoleAssignment ReadAssignment(JsonElement resource)
    {
        var properties = resource.GetProperty("properties");
        var roleDefinitionId = properties.GetProperty("roleDefinitionId").GetString()!;
        return new RoleAssignment(
            Scope: ScopeOf(resource.GetProperty("id").GetString()!),
            RoleDefinitionId: roleDefinitionId,
            Role: roleDefinitionId[(roleDefinitionId.LastIndexOf('/') + 1)..],
            PrincipalId: properties.GetProperty("principalId").GetString()!,
            Condition: properties.TryGetProperty("condition", out var c) ? c.GetString() : null,
            ConditionVersion: properties.TryGetProperty("conditionVersion", out var v) ? v.GetString() : null);
    }
}

/// <summary>One role assignment: who (principal), what (role definition id's last segment), where (scope), and the ABAC condition.</summary>
public sealed record RoleAssignment(string Scope, string RoleDefinitionId, string Role, string PrincipalId, string? Condition, string? ConditionVersion);
