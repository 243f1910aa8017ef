namespace LbAcme.Sidecar.Certificates.Dapr;

/// <summary>
/// The certificate's value in daprd's answer: single-valued stores (Azure Key Vault, local.file) answer
/// <c>{name: value}</c>. An answer without that key, or with an empty value, is not a certificate version at all
/// (a multi-valued store, a component of another type): it fails the round with a message saying what came back
/// (key names only, never values), rather than being read as a certificate.
/// </summary>
internal static class DaprSecretValue
{
    public static string Pick(IReadOnlyDictionary<string, string> data, string secretStore, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Key Vault's names are case-insensitive; the component echoes the name as asked, but a store may not.
        var value = data.TryGetValue(name, out var exact)
            ? exact
            : data.FirstOrDefault(entry => string.Equals(entry.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
        if (value is null)
        {
            var keys = data.Count == 0 ? "no keys" : $"keys {string.Join(", ", data.Keys.Order(StringComparer.Ordinal).Take(5).Select(k => $"'{k}'"))}";
            throw new DaprSecretException($"daprd's secret store '{secretStore}' answered for {name} with {keys}, not '{name}': "
                + "the component must be single-valued (secretstores.azure.keyvault, or local.file without multiValued)");
        }
        if (value.Length == 0)
        {
            throw new DaprSecretException($"daprd's secret store '{secretStore}' answered for {name} with an empty value");
        }
        return value;
    }
}
