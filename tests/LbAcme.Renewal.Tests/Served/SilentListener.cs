using System.Net;
using System.Net.Sockets;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>
/// A listening socket that never accepts. <see cref="Kind.NoTls"/>: the kernel completes TCP connections into its
/// queue, but nobody ever answers the ClientHello. <see cref="Kind.NoConnect"/>: a backlog of 0 filled by one
/// connection of our own, so the kernel drops every further SYN and a connect never completes, as a firewall that
/// drops packets would, without needing one.
/// </summary>
internal sealed class SilentListener : IDisposable
{
    public enum Kind
    {
        NoTls,
        NoConnect,
    }

    private readonly Socket _listener;
    private readonly Socket? _filler;

    private SilentListener(Socket listener, Socket? filler)
    {
        _listener = listener;
        _filler = filler;
    }

    /// <summary>Null when the port is taken on that address.</summary>
    public static SilentListener? TryStart(IPEndPoint endpoint, Kind kind)
    {
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(kind == Kind.NoConnect ? 0 : 16);
            if (kind == Kind.NoTls)
            {
                return new SilentListener(listener, null);
            }
            var filler = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            filler.Connect(endpoint);
            return new SilentListener(listener, filler);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            return null;
        }
    }

    public void Dispose()
    {
        _filler?.Dispose();
        _listener.Dispose();
    }
}
