using System.Net;
using System.Net.Http.Headers;

namespace LbAcme.Operator.Status;

/// <summary>
/// GET {url}/api/status with the function key in <c>x-functions-key</c>: one bounded request (connect, headers and
/// body within the timeout), default TLS validation, no redirects (the key would follow them), and every way it can
/// go wrong turned into a sentence that names no secret.
/// </summary>
public sealed class HttpStatusReader
{
    public const string KeyHeader = "x-functions-key";
    public const string StatusPath = "api/status";

    /// <summary>A status document is a few KB per LB; anything far larger is not one.</summary>
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly HttpClient _client;

    public HttpStatusReader(HttpClient client) => _client = client;

    /// <summary>The client the command uses: the system's proxy settings and TLS, nothing that follows a redirect.</summary>
    public static HttpClient CreateClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxBodyBytes,
    };

    /// <summary>
    /// Where the status is: the app's base URL with /api/status appended, or a URL already ending in it. Refuses plain
    /// http except on loopback (the local stand-in host), so a key never crosses a network in clear.
    /// </summary>
    public static Uri? StatusUri(string url, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problem = "--url: give the function app's address, e.g. https://APP.azurewebsites.net";
            return null;
        }
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            problem = $"--url: plain http only to a loopback address; use https://{uri.Authority}";
            return null;
        }
        var path = uri.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(uri) { Path = path.EndsWith("/" + StatusPath, StringComparison.OrdinalIgnoreCase) ? path : $"{path}/{StatusPath}" };
        return builder.Uri;
    }

    public async Task<StatusRead> ReadAsync(Uri statusUri, string? key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusUri);
        var shown = Shown(statusUri);
        using var request = new HttpRequestMessage(HttpMethod.Get, statusUri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(key))
        {
            request.Headers.TryAddWithoutValidation(KeyHeader, key);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return StatusRead.Failed(string.IsNullOrEmpty(key)
                    ? $"{shown} answered {(int)response.StatusCode} {response.StatusCode}: no function key was given; set LBACME_FUNCTION_KEY (or --key) to the Status function's key"
                    : $"{shown} answered {(int)response.StatusCode} {response.StatusCode}: the function key was refused; check LBACME_FUNCTION_KEY (or --key) is the Status function's key or the host key");
            }
            if (!response.IsSuccessStatusCode)
            {
                return StatusRead.Failed($"{shown} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            return StatusDocumentParser.Parse(await response.Content.ReadAsStringAsync(deadline.Token));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StatusRead.Failed($"{shown} did not answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            // Refused, reset, name not found, TLS refused, a body over the cap: the status is unreadable, a result.
            return StatusRead.Failed($"{shown} could not be read: {Describe(e)}");
        }
    }

    /// <summary>The URL as printed: scheme, host, port and path only, so a key passed as ?code= never reaches a terminal or log.</summary>
    public static string Shown(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetLeftPart(UriPartial.Path);
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
}
