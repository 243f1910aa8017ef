using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>HTTP clients for talking to sidecars: no redirects followed, and optionally from a chosen source address.</summary>
internal static class SidecarHttp
{
    public static HttpClient Create(IPAddress? source = null) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (source is not null)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends raw bytes and returns the raw response head, for requests HttpClient refuses to send.</summary>
    public static async Task<string> RawAsync(IPEndPoint endpoint, string request)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(endpoint, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), cts.Token);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, cts.Token);
        return System.Text.Encoding.ASCII.GetString(buffer, 0, read);
    }
}
