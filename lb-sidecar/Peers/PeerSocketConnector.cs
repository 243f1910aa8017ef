using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Opens peer connections from this LB's listen address when it is a specific one (like nginx's
/// proxy_bind), so peers' allow-lists see the fleet address rather than whatever the route picks.
/// </summary>
internal static class PeerSocketConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> From(IPAddress? source) =>
        async (context, cancellationToken) =>
        {
            var target = IPAddress.Parse(context.DnsEndPoint.Host.Trim('[', ']'));
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (source is not null && source.AddressFamily == target.AddressFamily)
                {
                    socket.Bind(new IPEndPoint(source, 0));
                }
                await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
