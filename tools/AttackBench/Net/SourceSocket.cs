using System.Net;
using System.Net.Sockets;

namespace LbAcme.AttackBench.Net;

/// <summary>TCP connections from a chosen loopback source address, the way one client host would open them.</summary>
internal static class SourceSocket
{
    private const int IpProtocolLevel = 0;
    private const int IpBindAddressNoPort = 24;
    private static readonly byte[] Enabled = BitConverter.GetBytes(1);

    /// <summary>
    /// Connects from <paramref name="source"/>. The port is chosen at connect time (IP_BIND_ADDRESS_NO_PORT), so one
    /// source has the whole ephemeral range for each target rather than for all targets together. Closing sends a
    /// reset: an attacker's sockets leave no TIME_WAIT behind to starve the next attack of ports.
    /// </summary>
    public static async Task<Socket> ConnectAsync(IPAddress source, IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        try
        {
            socket.SetRawSocketOption(IpProtocolLevel, IpBindAddressNoPort, Enabled);
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
