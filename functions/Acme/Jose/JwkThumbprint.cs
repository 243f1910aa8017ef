using System.Security.Cryptography;
using System.Text;

namespace LbAcme.Acme.Jose;

/// <summary>RFC 7638: SHA-256 over the required public members, sorted, no whitespace.</summary>
public static class JwkThumbprint
{
    public static string Compute(IEnumerable<KeyValuePair<string, string>> requiredMembers)
    {
        ArgumentNullException.ThrowIfNull(requiredMembers);
        var sorted = requiredMembers.OrderBy(m => m.Key, StringComparer.Ordinal);
        var json = "{" + string.Join(',', sorted.Select(m => $"\"{m.Key}\":\"{m.Value}\"")) + "}";
        return Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }
}
