using LbAcme.Testing;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// A certificate version put into the Dapr secret store: the PEM, its leaf's serial and validity, and the version id
/// Key Vault would have given it (which only the event carries: the secret API returns the value alone).
/// </summary>
public sealed record ImportedVersion(IssuedPem Pem, string KeyVaultVersion, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    public string Serial => Pem.Serial;
}
