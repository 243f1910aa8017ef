using System.Security.Cryptography;
using System.Text;

namespace LbAcme.Renewal.Budgets;

/// <summary>The exact identifier set Let's Encrypt counts against: one key for it, and a blob-safe id of that key.</summary>
public static class NameSet
{
    /// <summary>The names sorted and joined: equal for every LB that orders the same set.</summary>
    public static string Key(IEnumerable<string> names) => string.Join(',', names.Order(StringComparer.Ordinal));

    /// <summary>SHA-256 of <see cref="Key"/> in hex: fixed length, whatever the names (a blob name must stay short and plain).</summary>
    public static string Id(IEnumerable<string> names) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key(names))));
}
