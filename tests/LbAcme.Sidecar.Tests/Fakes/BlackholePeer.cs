using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>A peer that accepts TCP connections and never answers: the worst case for a proxy's timeouts.</summary>
public sealed class BlackholePeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public BlackholePeer(IPEndPoint endpoint)
    {
        _listener = new TcpListener(endpoint);
        _listener.Start(backlog: 512);
        _accepting = AcceptAsync();
    }

    public int Accepted { get; private set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(socket); // held open, never read or written
                    Accepted++;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_held)
        {
            foreach (var s in _held)
            {
                s.Dispose();
            }
        }
        _stop.Dispose();
    }
}
