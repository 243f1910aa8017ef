using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>
/// A peer that answers 200 to every challenge but with something no CA should ever see, chosen by the
/// token's first word: an HTML page, a 1 MiB body, an endless chunked body, binary bytes, or not HTTP at all.
/// </summary>
public sealed class GarbagePeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    public GarbagePeer(IPEndPoint endpoint)
    {
        _listener = new TcpListener(endpoint);
        _listener.Start(backlog: 512);
        _accepting = AcceptAsync();
    }

    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(Socket socket)
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
            var n = await stream.ReadAsync(buffer, _stop.Token);
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
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"), _stop.Token);
        }
        else if (token.StartsWith("huge", StringComparison.Ordinal))
        {
            var body = new byte[1024 * 1024];
            Array.Fill(body, (byte)'a');
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
        else if (token.StartsWith("endless", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"), _stop.Token);
            var chunk = Ascii($"400\r\n{new string('b', 1024)}\r\n");
            for (var i = 0; i < 4096; i++)
            {
                await stream.WriteAsync(chunk, _stop.Token);
            }
        }
        else if (token.StartsWith("binary", StringComparison.Ordinal))
        {
            byte[] body = [0, 1, 2, 0xff, 0xfe, 27, (byte)'[', (byte)'2', (byte)'J'];
            await stream.WriteAsync(Ascii($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
            await stream.WriteAsync(body, _stop.Token);
        }
        else if (token.StartsWith("notHttp", StringComparison.Ordinal))
        {
            await stream.WriteAsync(Ascii("SSH-2.0-OpenSSH_9.2 this is not HTTP\r\n\r\n"), _stop.Token);
        }
        else
        {
            // Anything else, the sidecar's health probe included, gets a plain 404: this peer is alive and
            // only some answers are garbage, so the prober keeps it in rotation and every garbage case is asked.
            await stream.WriteAsync(Ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
