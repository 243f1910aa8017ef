using System.Security.Cryptography;
using System.Text;

namespace LbAcme.Core.Origin;

/// <summary>
/// How a value is written as a certificate store tag (Key Vault tag, blob metadata): Key Vault allows at most
/// 256 characters, so a longer value is replaced by its hash. Whoever compares a tag computes it the same way.
/// </summary>
public static class StoreTagValue
{
    public const int MaxLength = 256;

    public static string Fit(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxLength ? value : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
    }
}
