using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Peers;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// One listener's request counters with their labels resolved once: prometheus-net's WithLabels hashes and compares
/// the label strings under a lock on every call, which was a few percent of a local hit's CPU.
/// </summary>
internal sealed class ListenerMetrics
{
    private readonly Counter.Child[] _outcomes;
    private readonly Counter.Child _memoryHits;
    private readonly Counter.Child _webrootHits;
    private readonly Counter.Child _misses;
    private readonly Counter.Child _rejectedTokens;
    private readonly Counter _peerHits;

    public ListenerMetrics(string listener, Counter requests, Counter localHits, Counter misses, Counter rejectedTokens, Counter peerHits)
    {
        _peerHits = peerHits;
        _outcomes = new Counter.Child[RequestOutcomeLabels.All.Length];
        foreach (var outcome in RequestOutcomeLabels.All)
        {
            _outcomes[(int)outcome] = requests.WithLabels(listener, outcome.Label());
        }
        _memoryHits = localHits.WithLabels(listener, "memory");
        _webrootHits = localHits.WithLabels(listener, "webroot");
        _misses = misses.WithLabels(listener);
        _rejectedTokens = rejectedTokens.WithLabels(listener);
    }

    public void Outcome(RequestOutcome outcome) => _outcomes[(int)outcome].Inc();

    public void LocalHit(ChallengeSource source)
    {
        (source == ChallengeSource.Memory ? _memoryHits : _webrootHits).Inc();
        Outcome(RequestOutcome.LocalHit);
    }

    /// <summary>A fan-out answered by <paramref name="peer"/> (per-peer series stay looked up: a fan-out costs far more).</summary>
    public void PeerHit(Peer peer)
    {
        _peerHits.WithLabels(peer.Name).Inc();
        Outcome(RequestOutcome.PeerHit);
    }

    public void Miss()
    {
        _misses.Inc();
        Outcome(RequestOutcome.Miss);
    }

    public void RejectedToken()
    {
        _rejectedTokens.Inc();
        Outcome(RequestOutcome.Rejected);
    }
}
