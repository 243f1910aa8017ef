using System.Security.Cryptography;
using System.Text;

namespace LbAcme.Sidecar.Certificates.Dapr;

/// <summary>
/// A Dapr secret's "version": Dapr's secret API returns only the value (Key Vault's version id stays behind daprd),
/// so the value's own hash stands in for it. Equal hashes are equal PEMs, which is all the slot's "unchanged" needs.
/// </summary>
internal static class DaprSecretVersion
{
    public const string Prefix = "sha256:";

    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }
}
