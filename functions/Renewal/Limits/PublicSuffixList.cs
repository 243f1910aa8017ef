using System.Globalization;

namespace LbAcme.Renewal.Limits;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/) and its algorithm: normal rules, wildcard rules ("*.ck"),
/// exception rules ("!www.ck"), and the default rule "*" when nothing matches. Both the ICANN and the PRIVATE
/// sections count: Let's Encrypt says it uses "the Public Suffix List", and its CA (Boulder) looks names up with
/// publicsuffix-go's defaults, which keep private rules (so a.github.io and b.github.io are two registered domains).
/// Rules and names are compared in their ASCII (punycode) form, lower case.
/// </summary>
public sealed class PublicSuffixList
{
    /// <summary>The Debian package's list is about 250 KB; a file far larger than that is not a suffix list.</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    private const int MaxRules = 200_000;
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    private readonly HashSet<string> _rules;
    private readonly HashSet<string> _wildcards;
    private readonly HashSet<string> _exceptions;

    private PublicSuffixList(HashSet<string> rules, HashSet<string> wildcards, HashSet<string> exceptions)
    {
        _rules = rules;
        _wildcards = wildcards;
        _exceptions = exceptions;
    }

    /// <summary>How many rules were read (normal, wildcard and exception together).</summary>
    public int RuleCount => _rules.Count + _wildcards.Count + _exceptions.Count;

    /// <summary>Reads the list's text: one rule per line, the rule ending at the first white space, "//" comments.</summary>
    public static PublicSuffixList Parse(TextReader text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        while (text.ReadLine() is { } line)
        {
            var rule = line.Trim();
            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }
            var end = rule.IndexOfAny([' ', '\t']);
            rule = end < 0 ? rule : rule[..end];
            if (++count > MaxRules)
            {
                throw new InvalidDataException($"The Public Suffix List has more than {MaxRules} rules; this is not the list.");
            }
            if (rule.StartsWith('!'))
            {
                exceptions.Add(Ascii(rule[1..]));
            }
            else if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(Ascii(rule[2..]));
            }
            else
            {
                rules.Add(Ascii(rule));
            }
        }
        if (count == 0)
        {
            throw new InvalidDataException("The Public Suffix List holds no rules.");
        }
        return new PublicSuffixList(rules, wildcards, exceptions);
    }

    /// <summary>
    /// The public suffix of <paramref name="name"/> (ASCII, lower case): the prevailing rule is an exception when one
    /// matches (the suffix is that rule without its leftmost label), else the matching rule with the most labels, else "*".
    /// </summary>
    public string PublicSuffix(string name)
    {
        var labels = Labels(name);
        for (var i = 0; i < labels.Length; i++)
        {
            if (_exceptions.Contains(Join(labels, i)))
            {
                return Join(labels, i + 1);
            }
        }
        for (var i = 0; i < labels.Length; i++)
        {
            var suffix = Join(labels, i);
            // From the longest suffix down, so the first match is the rule with the most labels.
            if (_rules.Contains(suffix) || (i + 1 < labels.Length && _wildcards.Contains(Join(labels, i + 1))))
            {
                return suffix;
            }
        }
        return labels[^1];
    }

    /// <summary>
    /// The registered domain (the public suffix and one label more) of a host name, or null when the name is itself a
    /// public suffix. A wildcard name counts under its base ("*.example.com" is example.com's).
    /// </summary>
    public string? RegisteredDomain(string name)
    {
        var labels = Labels(name);
        var suffixLabels = PublicSuffix(name).Split('.').Length;
        return labels.Length > suffixLabels ? Join(labels, labels.Length - suffixLabels - 1) : null;
    }

    /// <summary>
    /// The identifier Let's Encrypt validates and counts for <paramref name="name"/>: ASCII, lower case, no trailing dot,
    /// and a wildcard's base ("*.example.com" is authorized as example.com).
    /// </summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var host = name.Trim().TrimEnd('.');
        return Ascii(host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host);
    }

    private static string[] Labels(string name)
    {
        var labels = Identifier(name).Split('.');
        return labels.Any(l => l.Length == 0) ? throw new ArgumentException($"'{name}' is not a host name", nameof(name)) : labels;
    }

    private static string Join(string[] labels, int from) => string.Join('.', labels, from, labels.Length - from);

    // Punycode and lower case, so "食狮.com.cn", "xn--85x722f.com.cn" and "XN--85X722F.COM.CN" are one name.
    private static string Ascii(string name)
    {
        try
        {
            return Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{name}' is not a valid host name: {e.Message}", nameof(name), e);
        }
    }
}
