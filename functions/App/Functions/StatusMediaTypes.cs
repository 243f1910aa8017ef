using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace LbAcme.Functions.Functions;

/// <summary>
/// What GET /api/status answers with, from the Accept header: JSON or the HTML page, by q-value, each type's
/// quality taken from the most specific range that matches it (RFC 9110 §12.5.1: text/html beats text/* beats */*).
/// JSON on a tie (curl's */*), without the header, or when the header cannot be read; none when both are refused.
/// </summary>
public static class StatusMediaTypes
{
    public const string Json = "application/json";
    public const string Html = "text/html";

    public static string? Choose(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return Json;
        }
        var json = Quality(ranges, "application", "json");
        var html = Quality(ranges, "text", "html");
        if (json <= 0 && html <= 0)
        {
            return null;
        }
        return html > json ? Html : Json;
    }

    private static double Quality(IList<MediaTypeHeaderValue> ranges, string type, string subtype)
    {
        var best = -1;
        var quality = 0.0;
        foreach (var range in ranges)
        {
            var specificity = Specificity(range, type, subtype);
            if (specificity > best)
            {
                best = specificity;
                quality = range.Quality ?? 1.0;
            }
        }
        return quality;
    }

    /// <summary>2 for the type itself, 1 for type/*, 0 for */*, -1 for no match.</summary>
    private static int Specificity(MediaTypeHeaderValue range, string type, string subtype)
    {
        var rangeType = range.Type.Value ?? string.Empty;
        var rangeSubtype = range.SubType.Value ?? string.Empty;
        if (rangeType == "*")
        {
            return rangeSubtype == "*" ? 0 : -1;
        }
        if (!string.Equals(rangeType, type, StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }
        return rangeSubtype == "*" ? 1 : string.Equals(rangeSubtype, subtype, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
    }
}
