using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Hedged fan-out: ask the first candidate; ask the next as soon as the current one says no, fails, or has
/// not answered within the hedge delay; the first 200 wins and the rest are cancelled. A healthy fleet costs
/// one peer request per hit (like nginx), a dead or blackholed peer costs at most the hedge delay once
/// before <see cref="PeerHealth"/> moves it to the back, never the read timeout.
/// </summary>
internal sealed class FanOut(IPeerClient client, PeerHealth health, FanOutGate gate, SidecarMetrics metrics, IOptions<SidecarOptions> options, TimeProvider time) : IFanOut
{
    private readonly TimeSpan _hedgeDelay = options.Value.Peers.HedgeDelay;
    private readonly string _self = options.Value.LoadBalancer;

    public async Task<FanOutResult> AskPeersAsync(string token, FanOutHint hint, CancellationToken requestAborted)
    {
        if (string.Equals(hint.Owner, _self, StringComparison.Ordinal))
        {
            // The request says this LB holds the token (the self-test asking the owner whether its sidecar has synced).
            // An LB's tokens live only under its own store prefix, which no peer syncs: a miss here is a miss on
            // every peer, and asking them all would cost the fleet one fan-out per LB per poll. A forged header can
            // only make this LB answer 404 for itself.
            return FanOutResult.NotFound;
        }
        if (!gate.TryEnter())
        {
            metrics.FanOutRefused();
            return FanOutResult.Overloaded;
        }
        var started = time.GetTimestamp();
        try
        {
            return await RaceAsync(health.Candidates(hint), token, requestAborted);
        }
        finally
        {
            gate.Exit();
            metrics.ObserveFanOut(time.GetElapsedTime(started));
        }
    }

    private async Task<FanOutResult> RaceAsync(Peer[] candidates, string token, CancellationToken requestAborted)
    {
        if (candidates.Length == 0)
        {
            return FanOutResult.NotFound;
        }
        using var race = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        var asking = new List<Task<PeerAnswer>>(candidates.Length);
        var askingPeers = new List<Peer>(candidates.Length);
        var next = 0;
        void AskNext()
        {
            var peer = candidates[next++];
            askingPeers.Add(peer);
            asking.Add(AskAsync(peer, token, race.Token));
        }

        AskNext();
        Task? hedge = null;
        try
        {
            while (asking.Count > 0)
            {
                if (hedge is null && next < candidates.Length)
                {
                    hedge = Task.Delay(_hedgeDelay, time, race.Token);
                }
                var done = hedge is null ? await Task.WhenAny(asking) : await Task.WhenAny([.. asking, hedge]);
                if (done == hedge)
                {
                    hedge = null;
                    foreach (var slow in askingPeers)
                    {
                        health.RecordSlow(slow, _hedgeDelay);
                    }
                    AskNext();
                    continue;
                }
                var index = asking.IndexOf((Task<PeerAnswer>)done);
                asking.RemoveAt(index);
                askingPeers.RemoveAt(index);
                var answer = await (Task<PeerAnswer>)done;
                if (answer.Result == PeerResult.Found)
                {
                    return new FanOutResult(FanOutOutcome.Found, answer.Peer, answer.KeyAuthorization);
                }
                if (requestAborted.IsCancellationRequested)
                {
                    return FanOutResult.NotFound;
                }
                if (next < candidates.Length)
                {
                    hedge = null; // the next peer gets a full hedge delay of its own
                    AskNext();
                }
            }
            return FanOutResult.NotFound;
        }
        finally
        {
            // Losers and a pending hedge timer stop here; their connections are not kept waiting.
            await race.CancelAsync();
        }
    }

    private async Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken)
    {
        var answer = await client.AskAsync(peer, token, cancellationToken);
        metrics.PeerRequest(answer);
        health.Record(answer);
        return answer;
    }
}
