using System.Net;
using Microsoft.AspNetCore.Connections;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// Kestrel's socket transport with a switch that stops accepting without closing anything. A generation being
/// replaced stops accepting first and keeps serving the connections it has for a moment; only then is Kestrel
/// stopped, which closes the idle ones. Without it, a connection accepted in the instant before Kestrel's stop,
/// whose request had not been read yet, would be closed unanswered; with it, the new generation (accepting on the
/// same sockets) takes every connection from the switch on.
/// </summary>
internal sealed class DrainableTransport(IConnectionListenerFactory sockets) : IConnectionListenerFactory, IDisposable
{
    private readonly CancellationTokenSource _stopAccepting = new();

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new Listener(await sockets.BindAsync(endpoint, cancellationToken), _stopAccepting.Token);

    /// <summary>Pending accepts return "no more connections"; a connection the kernel queued stays queued for the next generation.</summary>
    public Task StopAcceptingAsync() => _stopAccepting.CancelAsync();

    public void Dispose() => _stopAccepting.Dispose();

    private sealed class Listener(IConnectionListener inner, CancellationToken stopAccepting) : IConnectionListener
    {
        public EndPoint EndPoint => inner.EndPoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            if (stopAccepting.IsCancellationRequested)
            {
                return null;
            }
            // A canceled accept that was still waiting took nothing from the queue; one already running completes.
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopAccepting);
            try
            {
                return await inner.AcceptAsync(either.Token);
            }
            catch (OperationCanceledException) when (stopAccepting.IsCancellationRequested)
            {
                return null;
            }
        }

        public ValueTask UnbindAsync(CancellationToken cancellationToken = default) => inner.UnbindAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
