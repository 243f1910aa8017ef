using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using LbAcme.LocalEnvironment;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// Probes HAProxy by TLS handshake every <c>every</c> until it presents a given serial: how long a new version took
/// from a clock the caller started (at the import) to being served. Counts its own handshakes and failures, which
/// belong to the zero-failure figure as much as the request loop's.
/// </summary>
public sealed class ServingClock(IPEndPoint endpoint, string serverName, TimeSpan every)
{
    private long _probes;
    private long _failures;

    public long Probes => Interlocked.Read(ref _probes);

    public long Failures => Interlocked.Read(ref _failures);

    public string? LastFailure { get; private set; }

    /// <summary>
    /// The clock's reading when a handshake first presented <paramref name="serial"/>; null when it was still not
    /// served after <paramref name="giveUpAfter"/> on that clock.
    /// </summary>
    public async Task<TimeSpan?> UntilServedAsync(string serial, Stopwatch clock, TimeSpan giveUpAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        while (clock.Elapsed < giveUpAfter)
        {
            try
            {
                var served = await TlsProbe.ServedSerialAsync(endpoint, serverName);
                Interlocked.Increment(ref _probes);
                if (served == serial)
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                LastFailure = $"{DateTime.UtcNow:HH:mm:ss.fff} {e.GetType().Name}: {e.Message}";
            }
            await Task.Delay(every, cancellationToken);
        }
        return null;
    }
}
