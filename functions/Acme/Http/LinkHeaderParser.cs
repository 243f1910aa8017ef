using System.Text.RegularExpressions;

namespace LbAcme.Acme.Http;

/// <summary>Parses RFC 8288 Link headers: ACME uses rel="up", rel="index" and rel="alternate" (RFC 8555 §7.4.2).</summary>
internal static partial class LinkHeaderParser
{
    [GeneratedRegex("""<(?<target>[^>]*)>(?<params>(?:\s*;\s*[^,;]+)*)""", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LinkValue();

    [GeneratedRegex("""rel\s*=\s*"?(?<rel>[^";]+)"?""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex RelParam();

    public static IReadOnlyList<LinkHeader> Parse(IEnumerable<string> headerValues, Uri baseUrl)
    {
        var links = new List<LinkHeader>();
        foreach (var value in headerValues)
        {
            foreach (Match link in LinkValue().Matches(value))
            {
                var rel = RelParam().Match(link.Groups["params"].Value);
                if (!rel.Success || !Uri.TryCreate(baseUrl, link.Groups["target"].Value, out var target))
                {
                    continue;
                }
                // One rel attribute may name several relation types separated by spaces.
                foreach (var type in rel.Groups["rel"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    links.Add(new LinkHeader(target, type.ToLowerInvariant()));
                }
            }
        }
        return links;
    }
}
