using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// The daemon's listening sockets, bound once and kept across reloads, so :80, the peer port, the metrics endpoint
/// and daprd's app port never stop listening: a connection that arrives while one generation hands over to the next
/// waits in the kernel's accept queue, which both generations share, instead of being refused.
/// <para>
/// Each generation gets its own descriptor for each socket (a dup), handed to Kestrel as a listen handle. Kestrel
/// does not own such a handle (it never closes it), and two generations cannot share one descriptor: the runtime
/// registers a socket with its event loop by descriptor number, once. A lent descriptor is kept open after its
/// generation stopped, until the socket itself is closed: closing it alone would not take it out of the runtime's
/// epoll set (the socket is still open through the other descriptors), so a later dup given the same number would
/// fail to register. The price is one descriptor per listener per reload.
/// </para>
/// </summary>
internal sealed class ListeningSockets : IDisposable
{
    private const int Backlog = 512; // Kestrel's own default

    private readonly Dictionary<IPEndPoint, Bound> _bound = [];

    /// <summary>
    /// Binds the endpoints that are not bound yet. On failure nothing new stays bound and the error names the
    /// endpoint, so a reload to an address that cannot be had is refused while the running listeners keep serving.
    /// </summary>
    public bool TryBind(ListenEndpoints endpoints, out string error)
    {
        var added = new List<IPEndPoint>();
        foreach (var endpoint in endpoints.All.Where(e => !_bound.ContainsKey(e)))
        {
            try
            {
                _bound[endpoint] = new Bound(Listen(endpoint));
                added.Add(endpoint);
            }
            catch (SocketException e)
            {
                foreach (var undo in added)
                {
                    _bound.Remove(undo, out var socket);
                    socket?.Dispose();
                }
                error = $"cannot listen on {endpoint}: {e.Message}";
                return false;
            }
        }
        error = "";
        return true;
    }

    /// <summary>Fresh descriptors of the bound sockets for one generation's Kestrel.</summary>
    public ListenHandles Lend(ListenEndpoints endpoints) => new(
        _bound[endpoints.Public].Lend(),
        _bound[endpoints.Peer].Lend(),
        endpoints.Metrics is null ? null : _bound[endpoints.Metrics].Lend(),
        endpoints.Events is null ? null : _bound[endpoints.Events].Lend());

    /// <summary>Closes the sockets the running configuration no longer listens on (after the generation using them stopped).</summary>
    public void CloseAllBut(ListenEndpoints keep)
    {
        foreach (var endpoint in _bound.Keys.Except(keep.All).ToList())
        {
            _bound.Remove(endpoint, out var socket);
            socket?.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var socket in _bound.Values)
        {
            socket.Dispose();
        }
        _bound.Clear();
    }

    private static Socket Listen(IPEndPoint endpoint)
    {
        if (ListenEndpoints.IsAnyAddress(endpoint.Address) && Socket.OSSupportsIPv6)
        {
            // Dual-stack, as Kestrel's ListenAnyIP, so VIPs of either family are served.
            try
            {
                return Listen(new IPEndPoint(IPAddress.IPv6Any, endpoint.Port), dualMode: true);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable)
            {
                return Listen(new IPEndPoint(IPAddress.Any, endpoint.Port), dualMode: false);
            }
        }
        return Listen(endpoint, dualMode: false);
    }

    private static Socket Listen(IPEndPoint endpoint, bool dualMode)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualMode)
            {
                socket.DualMode = true;
            }
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One listening socket and every descriptor lent for it, all closed together.</summary>
    private sealed class Bound(Socket socket) : IDisposable
    {
        private readonly List<int> _lent = [];

        public int Lend()
        {
            var fd = LinuxCalls.DuplicateCloseOnExecDescriptor((int)socket.SafeHandle.DangerousGetHandle());
            _lent.Add(fd);
            return fd;
        }

        public void Dispose()
        {
            foreach (var fd in _lent)
            {
                LinuxCalls.CloseDescriptor(fd);
            }
            _lent.Clear();
            socket.Dispose();
        }
    }
}

/// <summary>The descriptors one generation's Kestrel listens on.</summary>
internal sealed record ListenHandles(int Public, int Peer, int? Metrics, int? Events = null);
