using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LbAcme.Functions.StatusPage;

/// <summary>
/// The status endpoint's response headers. Both representations: never cached (the document is "now"), never
/// sniffed, never sent as a referrer, and varying by Accept. The page adds its Content-Security-Policy: nothing
/// loads, nothing runs, only its own style (by hash), and no one may frame it.
/// </summary>
public static class StatusPageHeaders
{
    public static void ApplyCommon(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.Vary = HeaderNames.Accept;
    }

    /// <summary>The page's policy for a style element whose content hashes to <paramref name="styleHash"/> (base64 SHA-256).</summary>
    public static string ContentSecurityPolicy(string styleHash) =>
        $"default-src 'none'; style-src 'sha256-{styleHash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}
