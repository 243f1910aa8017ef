using Microsoft.AspNetCore.Http.Features;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// nginx's $request_uri for the 301: the target as the client sent it, when every byte of it may stand in a
/// Location header. Kestrel refuses NUL and non-ASCII in the target but passes other control bytes, space-like
/// bytes (TAB) and DEL, which a response header must not carry; such a target is not a URI, so no redirect.
/// </summary>
internal static class RequestTarget
{
    public static bool TryGetRequestUri(HttpContext context, out string uri)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is { Length: > 0 } && raw[0] == '/')
        {
            uri = raw;
            return IsVisibleAscii(raw);
        }
        // Absolute-form ("GET http://x/y") or asterisk-form targets: rebuild from the parsed parts, which escaping makes visible ASCII.
        uri = context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        return true;
    }

    private static bool IsVisibleAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is <= ' ' or >= '\u007f')
            {
                return false;
            }
        }
        return true;
    }
}
