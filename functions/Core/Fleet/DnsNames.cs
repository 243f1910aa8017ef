using System.Text.RegularExpressions;

namespace LbAcme.Core.Fleet;

/// <summary>Syntax of DNS host names as certificates and Host headers may carry them (no wildcards: HTTP-01 cannot prove them).</summary>
public static partial class DnsNames
{
    /// <summary>True for letters-digits-hyphen labels of 1–63 characters, 253 characters in all, with an optional final dot.</summary>
    public static bool IsHostName(string? name) =>
        name is { Length: > 0 and <= 254 } && HostNamePattern().IsMatch(name);

    [GeneratedRegex(@"^(?=.{1,253}\.?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNamePattern();
}
