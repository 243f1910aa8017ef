using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// One request written as raw bytes, for what HttpClient refuses to send, and everything the server answered until
/// it closed, the deadline (15 s) passed, or 64 KiB arrived.
/// </summary>
internal sealed record RawExchange(byte[] Response, bool TimedOut)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>The status code of the first response, or null when nothing that looks like one arrived.</summary>
    public int? Status
    {
        get
        {
            var head = Encoding.Latin1.GetString(Response, 0, Math.Min(Response.Length, 16));
            return head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && head.Length >= 12 && int.TryParse(head.AsSpan(9, 3), out var status) ? status : null;
        }
    }

    public string Head => Encoding.Latin1.GetString(Response, 0, Math.Min(Response.Length, 200));

    public static async Task<RawExchange> SendAsync(IPEndPoint endpoint, byte[] request, IPAddress? source = null)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(Timeout);
        if (source is not null)
        {
            socket.Bind(new IPEndPoint(source, 0));
        }
        var received = new MemoryStream();
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            await socket.SendAsync(request, deadline.Token);
            // No half-close after the request: Kestrel takes the end of the input as the client going away and drops
            // the response. So read until the server closes or the first response is complete.
            var buffer = new byte[8192];
            while (received.Length < 64 * 1024 && !IsComplete(received.GetBuffer().AsSpan(0, (int)received.Length), IsHead(request)))
            {
                var read = await socket.ReceiveAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            return new RawExchange(received.ToArray(), TimedOut: true);
        }
        catch (SocketException)
        {
            // A reset after (or instead of) the answer: what arrived is the answer.
        }
        return new RawExchange(received.ToArray(), TimedOut: false);
    }

    /// <summary>A head, and as much body as its Content-Length says (none for HEAD; every answer here has a length).</summary>
    private static bool IsComplete(ReadOnlySpan<byte> response, bool head)
    {
        var end = response.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }
        var headers = Encoding.Latin1.GetString(response[..end]);
        var length = 0;
        foreach (var line in headers.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                _ = int.TryParse(line.AsSpan("Content-Length:".Length).Trim(), out length);
            }
        }
        return head || response.Length - end - 4 >= length;
    }

    private static bool IsHead(byte[] request) => request.AsSpan().StartsWith("HEAD "u8);
}
