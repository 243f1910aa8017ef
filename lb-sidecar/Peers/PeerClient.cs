using System.Net.Http.Headers;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// HTTP/1.1 over pooled keep-alive connections to peers' :31080. The read timeout bounds the whole exchange
/// (connect included when a new connection is needed; the handler's ConnectTimeout bounds the connect
/// itself). Answers are capped in size and must be text/plain (or untyped) printable ASCII, as every key
/// authorization is, so a binary blob or a huge page from a confused peer is never relayed to the CA.
/// </summary>
internal sealed class PeerClient : IPeerClient
{
    public const string HttpClientName = "lb-sidecar-peers";

    private readonly HttpClient _http;
    private readonly TimeSpan _readTimeout;
    private readonly int _maxBytes;

    public PeerClient(IHttpClientFactory httpClients, IOptions<SidecarOptions> options)
    {
        _http = httpClients.CreateClient(HttpClientName);
        _readTimeout = options.Value.Peers.ReadTimeout;
        _maxBytes = options.Value.Peers.MaxAnswerBytes;
    }

    public async Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_readTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, peer.ChallengeUri(token));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            if (status is 404 or 403)
            {
                return new PeerAnswer(peer, PeerResult.NotFound, StatusCode: status);
            }
            if (status != 200)
            {
                return new PeerAnswer(peer, PeerResult.ServerError, Detail: $"status {status}", StatusCode: status);
            }
            return await ReadKeyAuthorizationAsync(peer, response, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new PeerAnswer(peer, PeerResult.Canceled);
        }
        catch (OperationCanceledException)
        {
            return new PeerAnswer(peer, PeerResult.Timeout, Detail: $"no answer within {_readTimeout.TotalMilliseconds:0} ms");
        }
        catch (HttpRequestException e)
        {
            return new PeerAnswer(peer, PeerResult.Error, Detail: e.HttpRequestError.ToString());
        }
        catch (IOException e)
        {
            return new PeerAnswer(peer, PeerResult.Error, Detail: e.Message);
        }
    }

    private async Task<PeerAnswer> ReadKeyAuthorizationAsync(Peer peer, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!IsPlainText(response.Content.Headers.ContentType))
        {
            return new PeerAnswer(peer, PeerResult.Invalid, Detail: $"content type {response.Content.Headers.ContentType}", StatusCode: 200);
        }
        if (response.Content.Headers.ContentLength > _maxBytes)
        {
            return new PeerAnswer(peer, PeerResult.Invalid, Detail: $"{response.Content.Headers.ContentLength} bytes", StatusCode: 200);
        }
        var buffer = new byte[_maxBytes + 1];
        var length = 0;
        await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            int n;
            while (length < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += n;
            }
        }
        if (length > _maxBytes)
        {
            return new PeerAnswer(peer, PeerResult.Invalid, Detail: $"over {_maxBytes} bytes", StatusCode: 200);
        }
        if (!IsPrintableAscii(buffer.AsSpan(0, length)))
        {
            return new PeerAnswer(peer, PeerResult.Invalid, Detail: "not printable text", StatusCode: 200);
        }
        return new PeerAnswer(peer, PeerResult.Found, buffer.AsMemory(0, length), StatusCode: 200);
    }

    private static bool IsPlainText(MediaTypeHeaderValue? contentType) =>
        contentType?.MediaType is null || string.Equals(contentType.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// RFC 8555 §8.1: keyAuthorization = token || '.' || base64url(thumbprint), plain ASCII. Not matched more
    /// strictly because nginx relayed any text, and webroot files written by other tools may end in a newline.
    /// </summary>
    private static bool IsPrintableAscii(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((>= 0x20 and <= 0x7E) or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                return false;
            }
        }
        return true;
    }
}
