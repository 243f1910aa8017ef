using System.Net.Http.Headers;
using LbAcme.DaprDouble.Runtime;

namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// daprd's HTTP channel to the app (--app-protocol http) on 127.0.0.1:app-port: plain HTTP/1.1, the APP_API_TOKEN as
/// the dapr-api-token header when set (https://docs.dapr.io/operations/security/app-api-token/), and a bound on each call.
/// </summary>
internal sealed class AppChannel : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _appApiToken;
    private readonly TimeSpan _timeout;

    public AppChannel(int appPort, string? appApiToken, TimeSpan timeout)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = timeout,
        })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{appPort}/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _appApiToken = appApiToken;
        _timeout = timeout;
    }

    /// <summary>The app's answer, or null with the transport error when it gave none (refused, reset, timed out).</summary>
    public async Task<(AppReply? Reply, string? Error)> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        }
        if (_appApiToken is not null)
        {
            request.Headers.TryAddWithoutValidation(ApiToken.Header, _appApiToken);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return (new AppReply((int)response.StatusCode, text), null);
        }
        catch (HttpRequestException e)
        {
            return (null, $"error returned from app channel while sending pub/sub event to app: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"error returned from app channel while sending pub/sub event to app: no answer within {_timeout}");
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An HTTP answer from the app: status code and body text.</summary>
internal sealed record AppReply(int StatusCode, string Body);
