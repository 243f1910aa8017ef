using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>
/// A peer that answers 200 to every challenge but with something no CA should ever see, chosen by the
/// token's first word: an HTML page, a 1 MiB body, an endless chunked body, binary bytes, or not HTTP at all —
/// or plain text that looks harmless: an empty body, another token's key authorization, this token with no thumbprint.
/// </summary>
public sealed class GarbagePeer(IPEndPoint endpoint) : FakePeer(endpoint)
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    protected override async Task ServeAsync(Socket socket)
    {
        using (socket)
        await using (var stream = new NetworkStream(socket))
        {
            try
            {
                var head = await ReadHeadAsync(stream);
                Interlocked.Increment(ref _requests);
                var token = head.Split(' ').ElementAtOrDefault(1)?.Split('/').LastOrDefault() ?? "";
                await AnswerAsync(stream, token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // the sidecar hung up on us, as it should
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1024];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16384)
        {
            var n = await stream.ReadAsync(buffer, Stopping);
            if (n == 0)
            {
                break;
            }
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return head.ToString();
    }

    private async Task AnswerAsync(NetworkStream stream, string token)
    {
        static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
        if (token.StartsWith("html", StringComparison.Ordinal))
        {
            var body = $"<html><body>{token}.not-a-key-authorization</body></html>";
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), Stopping);
        }
        else if (token.StartsWith("huge", StringComparison.Ordinal))
        {
            var body = new byte[1024 * 1024];
            Array.Fill(body, (byte)'a');
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), Stopping);
            await stream.WriteAsync(body, Stopping);
        }
        else if (token.StartsWith("endless", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"), Stopping);
            var chunk = Ascii($"400\r\n{new string('b', 1024)}\r\n");
            for (var i = 0; i < 4096; i++)
            {
                await stream.WriteAsync(chunk, Stopping);
            }
        }
        else if (token.StartsWith("binary", StringComparison.Ordinal))
        {
            byte[] body = [0, 1, 2, 0xff, 0xfe, 27, (byte)'[', (byte)'2', (byte)'J'];
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), Stopping);
            await stream.WriteAsync(body, Stopping);
        }
        else if (PlainTextLie(token) is { } lie)
        {
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {lie.Length}\r\nConnection: close\r\n\r\n{lie}"), Stopping);
        }
        else if (token.StartsWith("notHttp", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Ascii("SSH-2.0-OpenSSH_9.2 this is not HTTP\r\n\r\n"), Stopping);
        }
        else
        {
            // Anything else, the sidecar's health probe included, gets a plain 404: this peer is alive and
            // only some answers are garbage, so the prober keeps it in rotation and every garbage case is asked.
            await stream.WriteAsync(Ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), Stopping);
        }
    }

    private static string? PlainTextLie(string token) => token switch
    {
        _ when token.StartsWith("empty", StringComparison.Ordinal) => "",
        _ when token.StartsWith("stolen", StringComparison.Ordinal) => "stolenOtherToken.n1Bx0Pa8Zq3hF6kWmY2Tc9Rj5Lv7Gd4Su0Xe8Ni2Ko_",
        _ when token.StartsWith("unkeyed", StringComparison.Ordinal) => token + ".",
        _ => null,
    };
}
