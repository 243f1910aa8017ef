using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LbAcme.Core.Names;

/// <summary>
/// The one canonical form of a DNS name that a certificate, a CSR, a PEM path or a Host header comparison uses:
/// trimmed, lowercase (invariant), without the root's trailing dot, internationalized labels in their ASCII
/// (punycode) form. Names HTTP-01 cannot prove (wildcards) and what is not a host name (an IP address, an
/// over-long label, a character outside letters-digits-hyphen) are refused with the reason.
/// </summary>
public static partial class DnsName
{
    /// <summary>RFC 1035: 253 characters without the trailing dot.</summary>
    public const int MaxLength = 253;

    public const int MaxLabelLength = 63;

    /// <summary>The canonical form of <paramref name="raw"/>, or false with why it is not a usable host name.</summary>
    public static bool TryNormalize(string? raw, out string canonical, out string problem)
    {
        canonical = "";
        var name = (raw ?? "").Trim();
        if (name.EndsWith('.'))
        {
            name = name[..^1];
        }
        if (name.Length == 0)
        {
            problem = "is empty";
            return false;
        }
        if (name.StartsWith("*.", StringComparison.Ordinal) || name.Contains('*', StringComparison.Ordinal))
        {
            problem = "is a wildcard; HTTP-01 cannot prove wildcard names (use DNS-01 elsewhere, or list the names)";
            return false;
        }
        if (IPAddress.TryParse(name, out _))
        {
            problem = "is an IP address, not a DNS name";
            return false;
        }
        if (!System.Text.Ascii.IsValid(name) && !TryGetAscii(name, out name))
        {
            problem = "is not a valid internationalized domain name";
            return false;
        }
        name = name.ToLowerInvariant();
        if (name.Length > MaxLength)
        {
            problem = $"is {name.Length} characters; a DNS name has at most {MaxLength}";
            return false;
        }
        foreach (var label in name.Split('.'))
        {
            if (label.Length > MaxLabelLength)
            {
                problem = $"has a label of {label.Length} characters; at most {MaxLabelLength} are allowed";
                return false;
            }
            if (!LabelPattern().IsMatch(label))
            {
                problem = $"has the label '{label}'; labels are letters, digits and inner hyphens";
                return false;
            }
        }
        canonical = name;
        problem = "";
        return true;
    }

    /// <summary>The canonical form, or null when <paramref name="raw"/> is not a usable host name.</summary>
    public static string? Normalize(string? raw) => TryNormalize(raw, out var canonical, out _) ? canonical : null;

    /// <summary>True when <paramref name="raw"/> has a canonical form (see <see cref="TryNormalize"/>).</summary>
    public static bool IsValid(string? raw) => TryNormalize(raw, out _, out _);

    private static bool TryGetAscii(string unicode, out string ascii)
    {
        // IdnMapping has no Try form: an invalid name is only reported by ArgumentException.
        try
        {
            ascii = new IdnMapping { UseStd3AsciiRules = true }.GetAscii(unicode);
            return true;
        }
        catch (ArgumentException)
        {
            ascii = unicode;
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}
