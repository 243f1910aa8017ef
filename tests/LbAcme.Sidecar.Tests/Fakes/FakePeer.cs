using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Tests.Fakes;

/// <summary>A misbehaving peer on a real TCP port: accepts connections and hands each to <see cref="ServeAsync"/> until disposed.</summary>
public abstract class FakePeer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    protected FakePeer(IPEndPoint endpoint)
    {
        _listener = new TcpListener(endpoint);
        _listener.Start(backlog: 512);
        _accepting = AcceptAsync();
    }

    /// <summary>Cancelled when the peer is disposed.</summary>
    protected CancellationToken Stopping => _stop.Token;

    /// <summary>Answers (or does not answer) one connection; owns and closes <paramref name="socket"/>.</summary>
    protected abstract Task ServeAsync(Socket socket);

    /// <summary>Runs once no more connections are accepted: the place to close what <see cref="ServeAsync"/> kept open.</summary>
    protected virtual void OnStopped()
    {
    }

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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        OnStopped();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
