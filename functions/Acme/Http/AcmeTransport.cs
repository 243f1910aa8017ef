using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using Microsoft.Extensions.Logging;

namespace LbAcme.Acme.Http;

/// <summary>
/// The one HTTP seam of the client: the directory, nonces (pooled, badNonce retried), the User-Agent,
/// bounded bodies, per-request timeouts, and turning every failure into a typed <see cref="AcmeException"/>.
/// </summary>
internal sealed partial class AcmeTransport
{
    public const string JoseContentType = "application/jose+json";
    public const string PemChainContentType = "application/pem-certificate-chain";

    private readonly HttpClient _http;
    private readonly AcmeClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NoncePool _nonces = new();
    private volatile AcmeDirectory? _directory;

    public AcmeTransport(HttpClient http, AcmeClientOptions options, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The directory, fetched once; two callers racing on the first fetch both get a valid copy.</summary>
    public async Task<AcmeDirectory> GetDirectoryAsync(CancellationToken cancellationToken)
    {
        if (_directory is { } cached)
        {
            return cached;
        }
        var url = _options.DirectoryUrl!;
        var response = await GetAsync(url, "application/json", cancellationToken);
        var directory = response.ReadJson<AcmeDirectory>();
        directory.Validate(url);
        _directory = directory;
        return directory;
    }

    public async Task<AcmeResponse> GetAsync(Uri url, string accept, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, url, body: null, accept, cancellationToken);
        return EnsureSuccess(response);
    }

    /// <summary>POSTs a JWS made by <paramref name="signWithNonce"/>, re-signing with a fresh nonce on badNonce.</summary>
    public async Task<AcmeResponse> PostAsync(Uri url, Func<string, string> signWithNonce, string accept, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var nonce = await TakeNonceAsync(cancellationToken);
            var response = await SendAsync(HttpMethod.Post, url, signWithNonce(nonce), accept, cancellationToken);
            if ((int)response.StatusCode >= 400 && attempt <= _options.MaxBadNonceRetries && IsBadNonce(response))
            {
                LogBadNonce(_logger, url, attempt);
                continue;
            }
            return EnsureSuccess(response);
        }
    }

    private async Task<string> TakeNonceAsync(CancellationToken cancellationToken)
    {
        if (_nonces.TryTake(out var pooled))
        {
            return pooled;
        }
        var directory = await GetDirectoryAsync(cancellationToken);
        var response = EnsureSuccess(await SendAsync(HttpMethod.Head, directory.NewNonce!, body: null, accept: "*/*", cancellationToken));
        // This nonce is ours: it never went into the shared pool, where a concurrent request could take it first.
        if (response.ReplayNonce is { } fresh && Jose.Base64Url.IsValid(fresh))
        {
            return fresh;
        }
        throw new AcmeProtocolException("newNonce answered without a valid Replay-Nonce header.", response.RequestUrl, (int)response.StatusCode);
    }

    private async Task<AcmeResponse> SendAsync(HttpMethod method, Uri url, string? body, string accept, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.AcceptLanguage.ParseAdd("en");
        request.Headers.Accept.ParseAdd(accept);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JoseContentType);
        }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var replayNonce = response.Headers.TryGetValues("Replay-Nonce", out var nonces) ? nonces.FirstOrDefault() : null;
            if (method != HttpMethod.Head)
            {
                _nonces.Add(replayNonce);
            }
            var bytes = await ReadBoundedAsync(response, url, linked.Token);
            LogResponse(_logger, method.Method, url, (int)response.StatusCode);
            return new AcmeResponse(
                url,
                response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                bytes,
                response.Headers.Location is { } location ? new Uri(url, location) : null,
                response.Headers.TryGetValues("Link", out var links) ? LinkHeaderParser.Parse(links, url) : [],
                RetryAfterHeader.Parse(response.Headers.RetryAfter, _time.GetUtcNow()),
                replayNonce);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AcmeConnectionException($"No answer within {_options.RequestTimeout.TotalSeconds:0.#} s", url, e);
        }
        catch (HttpRequestException e)
        {
            throw new AcmeConnectionException($"Cannot reach the CA: {e.Message}", url, e);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, Uri url, CancellationToken cancellationToken)
    {
        var max = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > max)
        {
            throw new AcmeProtocolException($"The response body is {response.Content.Headers.ContentLength} bytes, over the {max}-byte limit.", url, (int)response.StatusCode);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new AcmeProtocolException($"The response body exceeds the {max}-byte limit.", url, (int)response.StatusCode);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static bool IsBadNonce(AcmeResponse response) =>
        TryReadProblem(response) is { ErrorType: AcmeErrorTypes.BadNonce };

    private static AcmeResponse EnsureSuccess(AcmeResponse response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return response;
        }
        if (TryReadProblem(response) is { } problem)
        {
            throw new AcmeProblemException(problem, response.RequestUrl, status) { RetryAfter = response.RetryAfter };
        }
        throw new AcmeProtocolException($"HTTP {status} without a problem document: {response.Describe()}", response.RequestUrl, status)
        {
            RetryAfter = response.RetryAfter,
        };
    }

    /// <summary>A problem document if the body is one, whatever the content type claims.</summary>
    private static AcmeProblem? TryReadProblem(AcmeResponse response)
    {
        if (response.Body.Length == 0 || response.Body[0] != (byte)'{')
        {
            return null;
        }
        try
        {
            var problem = JsonSerializer.Deserialize<AcmeProblem>(response.Body, AcmeJson.Options);
            return problem is { Type.Length: > 0 } ? problem : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static readonly string UserAgentSuffix =
        $"LbAcme.Acme/{typeof(AcmeTransport).Assembly.GetName().Version?.ToString(3) ?? "0"} ({Environment.OSVersion.Platform}) .NET/{Environment.Version}";

    private string UserAgent => $"{_options.UserAgent} {UserAgentSuffix}";

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "ACME {Method} {Url} answered {Status}")]
    private static partial void LogResponse(ILogger logger, string method, Uri url, int status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "ACME {Url} rejected the nonce (attempt {Attempt}); retrying with a fresh one")]
    private static partial void LogBadNonce(ILogger logger, Uri url, int attempt);
}
