using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using LbAcme.LocalEnvironment;

namespace LbAcme.Functions.Tests.Fleet;

/// <summary>
/// Clients of the fleet while it changes: a background loop of real TLS handshakes against every target (an LB's
/// HAProxy and an SNI name) it is given, round after round, counting every handshake that fails. Bounded: it stops at
/// <see cref="DisposeAsync"/> or after <c>maxRunTime</c>, and pauses between rounds so it never starves the fleet.
/// </summary>
internal sealed class HandshakeLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private readonly List<string> _failures = [];
    private volatile IReadOnlyList<(IPEndPoint Endpoint, string SniName)> _targets;
    private long _handshakes;
    private int _disposed;

    private HandshakeLoop(IReadOnlyList<(IPEndPoint, string)> targets, TimeSpan maxRunTime)
    {
        _targets = targets;
        _stop = new CancellationTokenSource(maxRunTime);
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    public static HandshakeLoop Start(IReadOnlyList<(IPEndPoint, string)> targets, TimeSpan maxRunTime) => new(targets, maxRunTime);

    public long Handshakes => Interlocked.Read(ref _handshakes);

    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The targets from the next round on (a certificate added to or removed from the fleet).</summary>
    public void Retarget(IReadOnlyList<(IPEndPoint, string)> targets) => _targets = targets;

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            foreach (var (endpoint, sni) in _targets)
            {
                try
                {
                    using var served = await TlsProbe.ServedCertificateAsync(endpoint, sni, TimeSpan.FromSeconds(10));
                    Interlocked.Increment(ref _handshakes);
                }
                catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or InvalidOperationException)
                {
                    Interlocked.Increment(ref _handshakes);
                    lock (_failures)
                    {
                        _failures.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {endpoint} SNI {sni}: {e.GetType().Name}: {e.Message}");
                    }
                }
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stops the loop and waits for its last handshake; a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
