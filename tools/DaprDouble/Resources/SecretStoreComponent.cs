namespace LbAcme.DaprDouble.Resources;

/// <summary>
/// A secret store daprd loaded: its name, and when it came from a Component file, its spec.type and the vaultName
/// metadata (which decide what a component error looks like). Stores named in the options have neither.
/// </summary>
internal sealed record SecretStoreComponent(string Name, string? Type = null, string? VaultName = null);
