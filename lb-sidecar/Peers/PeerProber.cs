using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Sync;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Probes peers in the background so requests never wait to find out a peer is dead: suspect and down
/// peers every <see cref="PeerOptions.ProbeInterval"/> (suspects also as soon as they turn suspect), healthy
/// ones every eighth round. A probe asks for a token nobody holds; any HTTP answer counts as alive.
/// </summary>
internal sealed class PeerProber(PeerHealth health, IPeerClient client, IOptions<SidecarOptions> options, TimeProvider time) : BackgroundService
{
    public const string ProbeToken = "lb-acme-probe";
    private const int HealthyEveryNthRound = 8;

    private readonly int[] _probing = new int[health.Peers.Count];

    /// <summary>On the <see cref="BackgroundScheduler"/>: probe answers arrive on the socket event loop and must not be handled there.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => BackgroundScheduler.Run(() => ProbeRoundsAsync(stoppingToken), stoppingToken);

    private async Task ProbeRoundsAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Peers.ProbeInterval;
        for (var round = 1L; !stoppingToken.IsCancellationRequested; round++)
        {
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
            {
                try
                {
                    var slept = Task.Delay(interval, time, tick.Token);
                    var woken = health.WaitForSuspectAsync(tick.Token).AsTask();
                    await Task.WhenAny(slept, woken);
                }
                finally
                {
                    await tick.CancelAsync();
                }
            }
            if (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            foreach (var peer in health.Peers)
            {
                if (health.StateOf(peer) != PeerState.Healthy || round % HealthyEveryNthRound == 0)
                {
                    // Not awaited: a blackholed peer's probe takes the whole read timeout and must not hold up the others.
                    _ = ProbeAsync(peer, stoppingToken);
                }
            }
        }
    }

    private async Task ProbeAsync(Peer peer, CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _probing[peer.Index], 1) == 1)
        {
            return;
        }
        try
        {
            var answer = await client.AskAsync(peer, ProbeToken, stoppingToken);
            if (answer.Result != PeerResult.Canceled)
            {
                health.RecordProbe(answer);
            }
        }
        finally
        {
            Volatile.Write(ref _probing[peer.Index], 0);
        }
    }
}
