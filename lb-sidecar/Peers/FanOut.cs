using LbAcme.Core.Challenges;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Hedged fan-out: ask the first candidate; ask the next as soon as the current one says no, fails, or has not
/// answered within the hedge delay; the first well-formed key authorization for the token wins and the rest are
/// cancelled. A healthy fleet costs one peer request per hit (like nginx), a dead or blackholed peer costs at most
/// the hedge delay once before <see cref="PeerHealth"/> moves it to the back, never the read timeout. Any other 200
/// (an empty body, another token's key authorization, a page) does not end the race: it is kept as a fallback and
/// relayed only when no peer has a well-formed answer, so a broken or hostile peer cannot override the real one
/// while a webroot file of arbitrary content still works when it is the only answer there is.
/// </summary>
internal sealed class FanOut(IPeerClient client, PeerHealth health, FanOutGate gate, SidecarMetrics metrics, IOptions<SidecarOptions> options, TimeProvider time) : IFanOut
{
    private readonly TimeSpan _hedgeDelay = options.Value.Peers.HedgeDelay;
    private readonly string _self = options.Value.LoadBalancer;
    private readonly PeerSlots _slots = new(health.Peers.Count, options.Value.Peers.MaxRequestsPerPeer);

    /// <summary>Requests to <paramref name="peer"/> in flight now.</summary>
    public int InFlight(Peer peer) => _slots.InFlight(peer);

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
        var source = ClientSource.From(hint.Source);
        if (!gate.TryEnter(source, out var refusal))
        {
            metrics.FanOutRefused(refusal);
            return FanOutResult.Overloaded;
        }
        var started = time.GetTimestamp();
        try
        {
            return await RaceAsync(health.Candidates(hint), token, requestAborted);
        }
        finally
        {
            gate.Exit(source);
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
        var gaveUpOnBusy = false;
        PeerAnswer? fallback = null;
        void AskNext()
        {
            while (next < candidates.Length)
            {
                var peer = candidates[next++];
                askingPeers.Add(peer);
                if (_slots.TryTake(peer))
                {
                    asking.Add(AskAsync(peer, token, tentative: false, race.Token));
                    return;
                }
                // At its cap, most likely hanging: asked anyway, but only for the hedge delay and alongside the next
                // candidate, so a healthy peer under load still answers while a hanging one holds this fan-out no longer.
                asking.Add(AskAsync(peer, token, tentative: true, race.Token));
            }
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
                if (answer.Result == PeerResult.Unmatched)
                {
                    fallback ??= answer;
                }
                gaveUpOnBusy |= answer.Result == PeerResult.Busy;
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
            return Conclude(fallback, gaveUpOnBusy);
        }
        finally
        {
            // Losers and a pending hedge timer stop here; their connections are not kept waiting.
            await race.CancelAsync();
        }
    }

    /// <summary>
    /// No peer had a well-formed answer: another 200 is still an answer (a webroot file of any content, as nginx
    /// relayed); without one, a peer at its cap that was not waited for might have held the token, so the client is
    /// told to retry rather than that the token does not exist.
    /// </summary>
    private FanOutResult Conclude(PeerAnswer? fallback, bool gaveUpOnBusy)
    {
        if (fallback is not null)
        {
            return new FanOutResult(FanOutOutcome.Found, fallback.Peer, fallback.KeyAuthorization);
        }
        if (gaveUpOnBusy)
        {
            metrics.FanOutRefused(FanOutRefusal.PeersBusy);
            return FanOutResult.Overloaded;
        }
        return FanOutResult.NotFound;
    }

    /// <summary>Asks one peer and learns from the answer. <paramref name="tentative"/>: the peer is at its cap, so no slot is taken and it is given only the hedge delay.</summary>
    private async Task<PeerAnswer> AskAsync(Peer peer, string token, bool tentative, CancellationToken race)
    {
        PeerAnswer answer;
        if (tentative)
        {
            answer = await AskBrieflyAsync(peer, token, race);
        }
        else
        {
            try
            {
                answer = await client.AskAsync(peer, token, race);
            }
            finally
            {
                _slots.Return(peer);
            }
        }
        if (answer.Result == PeerResult.Found && !KeyAuthorization.IsWellFormedFor(answer.KeyAuthorization.Span, token))
        {
            answer = answer with { Result = PeerResult.Unmatched };
        }
        metrics.PeerRequest(answer);
        health.Record(answer);
        return answer;
    }

    private async Task<PeerAnswer> AskBrieflyAsync(Peer peer, string token, CancellationToken race)
    {
        using var patience = new CancellationTokenSource(_hedgeDelay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(race, patience.Token);
        var answer = await client.AskAsync(peer, token, linked.Token);
        return answer.Result == PeerResult.Canceled && !race.IsCancellationRequested ? answer with { Result = PeerResult.Busy } : answer;
    }
}
