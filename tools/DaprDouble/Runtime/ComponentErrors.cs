using LbAcme.DaprDouble.Resources;

namespace LbAcme.DaprDouble.Runtime;

/// <summary>
/// The text a secret store component returns for a missing secret, which daprd puts after the colon of
/// "failed getting secret with key X from secret store Y: ...". secretstores.azure.keyvault returns the Azure SDK's
/// ResponseError (request line, "RESPONSE 404: 404 Not Found", "ERROR CODE: SecretNotFound", the service's body);
/// any other store here answers as secretstores.local.file does: "secret X not found".
/// </summary>
internal static class ComponentErrors
{
    private const string Rule = "--------------------------------------------------------------------------------";

    public static string SecretNotFound(SecretStoreComponent store, string name, string? versionId)
    {
        if (store.Type != "secretstores.azure.keyvault")
        {
            return $"secret {name} not found";
        }
        var vault = store.VaultName ?? store.Name;
        var host = vault.Contains('.', StringComparison.Ordinal) ? vault : $"{vault}.vault.azure.net";
        return string.Join('\n',
            $"GET https://{host}/secrets/{name}/{versionId}",
            Rule,
            "RESPONSE 404: 404 Not Found",
            "ERROR CODE: SecretNotFound",
            Rule,
            "{",
            "  \"error\": {",
            "    \"code\": \"SecretNotFound\",",
            $"    \"message\": \"A secret with (name/id) {name} was not found in this key vault.\"",
            "  }",
            "}",
            Rule);
    }
}
