using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>
/// A loopback TCP relay in front of the store that can be switched off and on again on the same port: off, its
/// listener is closed (connections are refused, as from a store that is down) and open connections are reset.
/// </summary>
public sealed class SwitchableStoreProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;
    private Task _accepting = Task.CompletedTask;

    public SwitchableStoreProxy(IPEndPoint target)
    {
        _target = target;
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>Refuses new connections and resets the open ones.</summary>
    public async Task SwitchOffAsync()
    {
        var listener = Interlocked.Exchange(ref _listener, null);
        listener?.Dispose();
        await _accepting;
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
            _open.Clear();
        }
    }

    /// <summary>Listens on the same port again.</summary>
    public void SwitchOn() => Listen(Port);

    private int Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // The port was this relay's a moment ago; its reset connections must not keep it from listening again.
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(64);
        _listener = listener;
        _accepting = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // switched off or disposed
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_open)
        {
            _open.Add(client);
            _open.Add(upstream);
        }
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            await upstream.ConnectAsync(_target, timeout.Token);
            using var a = new NetworkStream(client, ownsSocket: false);
            using var b = new NetworkStream(upstream, ownsSocket: false);
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset from either side, or the relay switched off: the connection ends either way.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
            client.Dispose();
            upstream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await SwitchOffAsync();
        _stop.Dispose();
    }
}
