using LbAcme.Sidecar.Peers;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// The sidecar's Prometheus metrics, in a registry of its own (no default process collectors: they cost
/// CPU on every scrape and the node exporter already has them). Names are documented in lb-sidecar/README.md.
/// Every known label value has its series from start, at 0, so rate() and the alert rules see an LB that never
/// counted anything (a series that appears only at its first increment hides that increment from rate()).
/// </summary>
internal sealed class SidecarMetrics
{
    private readonly Counter _requests;
    private readonly Counter _localHits;
    private readonly Counter _peerHits;
    private readonly Counter _misses;
    private readonly Counter _peerRequests;
    private readonly Counter _rejectedTokens;
    private readonly Counter.Child[] _fanOutsRefused;
    private readonly Histogram _fanOutSeconds;
    private readonly Gauge _peerHealth;
    private readonly Gauge _peerState;
    private readonly Gauge _storeTokens;
    private readonly Counter.Child[] _storeRequests;
    private readonly Counter _storeFailures;

    public SidecarMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        // Exemplars would look up Activity.Current and take a lock on every request's Inc(); nothing traces us.
        factory.ExemplarBehavior = new ExemplarBehavior { DefaultExemplarProvider = static (_, _) => Exemplar.None };
        // The listeners resolve their labelled series up front (ListenerMetrics). They are published from the start
        // too: Inc() marks a child published on every call whether or not it started suppressed, so zero series
        // cost the request path nothing.
        _requests = factory.CreateCounter("lbacme_sidecar_requests_total", "Requests by listener (public, peer) and outcome.", "listener", "outcome");
        _localHits = factory.CreateCounter("lbacme_sidecar_local_hits_total", "Challenges answered from this LB's own tokens, by listener and source (memory, webroot).", "listener", "source");
        _peerHits = factory.CreateCounter("lbacme_sidecar_peer_hits_total", "Public challenges answered by a peer, by peer.", "peer");
        _misses = factory.CreateCounter("lbacme_sidecar_misses_total", "Valid tokens nobody held (404), by listener.", "listener");
        _peerRequests = factory.CreateCounter("lbacme_sidecar_peer_requests_total", "Fan-out requests sent to peers, by peer and result (probes not included).", "peer", "result");
        _rejectedTokens = factory.CreateCounter("lbacme_sidecar_rejected_tokens_total", "Malformed tokens answered 404 without any lookup, by listener.", "listener");
        var refused = factory.CreateCounter("lbacme_sidecar_fanouts_refused_total",
            "Fan-outs answered 503, by reason: full (Limits:MaxConcurrentFanOuts in flight), source (Peers:MaxFanOutsPerSource from one client), peers_busy (no answer, and a peer at Peers:MaxRequestsPerPeer was not waited for).", "reason");
        _fanOutsRefused = [.. Enum.GetValues<FanOutRefusal>().Select(r => refused.WithLabels(r.Label()))];
        _fanOutSeconds = factory.CreateHistogram("lbacme_sidecar_fanout_duration_seconds", "Time to ask the peers, first 200 or last refusal.", new HistogramConfiguration
        {
            Buckets = Histogram.ExponentialBuckets(0.0005, 2, 16),
        });
        _peerHealth = factory.CreateGauge("lbacme_sidecar_peer_health", "Deprecated, use lbacme_sidecar_peer_state (removed in the next release). Peer state: 2 healthy, 1 suspect (asked last), 0 down (skipped).", "peer");
        _peerState = factory.CreateGauge("lbacme_sidecar_peer_state", "1 for the peer's current state (healthy, suspect: asked last, down: skipped until a probe answers), 0 for the others.", "peer", "state");
        _storeTokens = factory.CreateGauge("lbacme_sidecar_store_tokens", "Tokens held in memory from the shared store.");
        var storeRequests = factory.CreateCounter("lbacme_sidecar_store_requests_total", "Requests to the shared store, by operation (marker, list, read).", "operation");
        _storeRequests = [.. StoreOperationLabels.All.Select(o => storeRequests.WithLabels(o.Label()))];
        _storeFailures = factory.CreateCounter("lbacme_sidecar_store_failures_total", "Store sync rounds that failed.");
        var build = BuildInfo.Current;
        factory.CreateGauge("lbacme_sidecar_build_info", "Always 1: the sidecar's version, git commit and runtime.", "version", "commit", "runtime")
            .WithLabels(build.Version, build.Commit, build.Runtime).Set(1);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The request counters of one listener (public, peer), for it to keep.</summary>
    public ListenerMetrics ForListener(string listener) => new(listener, _requests, _localHits, _misses, _rejectedTokens, _peerHits);

    /// <summary>Every peer's series at 0 (and healthy, as <see cref="PeerHealth"/> starts them), so a peer never asked is still visible.</summary>
    public void KnownPeers(IReadOnlyList<Peer> peers)
    {
        foreach (var peer in peers)
        {
            _peerHits.WithLabels(peer.Name);
            foreach (var result in Enum.GetValues<PeerResult>())
            {
                _peerRequests.WithLabels(peer.Name, result.Label());
            }
            SetPeerState(peer, PeerState.Healthy);
        }
    }

    public void PeerRequest(PeerAnswer answer) => _peerRequests.WithLabels(answer.Peer.Name, answer.Result.Label()).Inc();

    public void FanOutRefused(FanOutRefusal reason) => _fanOutsRefused[(int)reason].Inc();

    public void ObserveFanOut(TimeSpan elapsed) => _fanOutSeconds.Observe(elapsed.TotalSeconds);

    /// <summary>A state change (rare: the request path calls this only when a peer turns suspect).</summary>
    public void SetPeerState(Peer peer, PeerState state)
    {
        foreach (var known in PeerStateLabels.All)
        {
            _peerState.WithLabels(peer.Name, known.Label()).Set(known == state ? 1 : 0);
        }
        _peerHealth.WithLabels(peer.Name).Set((int)state);
    }

    public void StoreTokens(int count) => _storeTokens.Set(count);

    public void StoreRequest(StoreOperation operation) => _storeRequests[(int)operation].Inc();

    public void StoreFailure() => _storeFailures.Inc();
}
