using System.Threading.Channels;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Per-peer health so one dead or blackholed peer stops costing requests. Requests ask healthy peers first
/// (rotating the starting peer to spread load, as nginx's round robin does), then suspect ones; down peers
/// are skipped until <see cref="PeerProber"/> finds them answering again. Any failure or slowness makes a
/// peer suspect and wakes the prober, which decides between healthy and down. Only down and back are logged
/// above Debug, once each: suspicion is routine and usually cleared by the next probe.
/// </summary>
internal sealed partial class PeerHealth
{
    private readonly IReadOnlyList<Peer> _peers;
    private readonly int[] _states;
    private readonly SidecarMetrics _metrics;
    private readonly ILogger<PeerHealth> _logger;
    private readonly TimeProvider _time;
    private readonly string _probeInterval;
    private readonly long[] _downSince;
    private readonly Lock[] _publishing;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int _rotation;

    public PeerHealth(PeerDirectory directory, SidecarMetrics metrics, IOptions<SidecarOptions> options, TimeProvider time, ILogger<PeerHealth> logger)
    {
        _peers = directory.Peers;
        _states = [.. _peers.Select(_ => (int)PeerState.Healthy)];
        _downSince = new long[_peers.Count];
        _publishing = [.. _peers.Select(_ => new Lock())];
        _metrics = metrics;
        _logger = logger;
        _time = time;
        _probeInterval = Durations.Describe(options.Value.Peers.ProbeInterval);
        _metrics.KnownPeers(_peers);
    }

    public IReadOnlyList<Peer> Peers => _peers;

    public PeerState StateOf(Peer peer) => (PeerState)Volatile.Read(ref _states[peer.Index]);

    /// <summary>
    /// Peers to ask for one request, in order: healthy ones from a rotating start, then suspect ones — except
    /// that the peer the <paramref name="hint"/> points at goes first (unless it is down): a validation of
    /// <c>lb7.svc</c> can only be for lb7's order, so in a big fleet it costs one peer request instead of a walk.
    /// </summary>
    public Peer[] Candidates(FanOutHint hint = default)
    {
        var ordered = RotatedCandidates();
        if (hint.PointsSomewhere)
        {
            // The identifier is proof, the owner header only a claim: the Host decides when both point somewhere.
            var owner = Array.FindIndex(ordered, p => p.IsNamedBy(hint.Host));
            owner = owner >= 0 ? owner : Array.FindIndex(ordered, p => string.Equals(p.Name, hint.Owner, StringComparison.Ordinal));
            if (owner > 0)
            {
                var peer = ordered[owner];
                Array.Copy(ordered, 0, ordered, 1, owner);
                ordered[0] = peer;
            }
        }
        return ordered;
    }

    private Peer[] RotatedCandidates()
    {
        var count = _peers.Count;
        if (count == 0)
        {
            return [];
        }
        var start = (int)((uint)Interlocked.Increment(ref _rotation) % (uint)count);
        var ordered = new Peer[count];
        var healthy = 0;
        var suspectFromEnd = count;
        for (var i = 0; i < count; i++)
        {
            var peer = _peers[(start + i) % count];
            switch (StateOf(peer))
            {
                case PeerState.Healthy:
                    ordered[healthy++] = peer;
                    break;
                case PeerState.Suspect:
                    ordered[--suspectFromEnd] = peer;
                    break;
                default:
                    break;
            }
        }
        // Suspects were filled from the end; close the gap left by down peers.
        var suspects = count - suspectFromEnd;
        if (suspectFromEnd != healthy)
        {
            Array.Copy(ordered, suspectFromEnd, ordered, healthy, suspects);
        }
        return ordered.AsSpan(0, healthy + suspects).ToArray();
    }

    /// <summary>Learns from a fan-out request: an answer proves the peer up; an error or timeout makes it suspect.</summary>
    public void Record(PeerAnswer answer)
    {
        if (answer.Result.PeerAnswered())
        {
            MoveTo(answer.Peer, PeerState.Healthy, null);
        }
        else if (answer.Result is PeerResult.Error or PeerResult.Timeout)
        {
            Suspect(answer.Peer, answer.Detail ?? answer.Result.Label());
        }
    }

    /// <summary>A peer that let the hedge delay pass: tried last until a probe clears it.</summary>
    public void RecordSlow(Peer peer, TimeSpan waited) => Suspect(peer, $"no answer within {waited.TotalMilliseconds:0} ms");

    /// <summary>The prober's verdict.</summary>
    public void RecordProbe(PeerAnswer answer) =>
        MoveTo(answer.Peer, answer.Result.PeerAnswered() ? PeerState.Healthy : PeerState.Down, answer.Detail ?? answer.Result.Label());

    /// <summary>Completes when something became suspect (or at once if that happened since the last wait).</summary>
    public ValueTask<bool> WaitForSuspectAsync(CancellationToken cancellationToken) => _wake.Reader.ReadAsync(cancellationToken);

    private void Suspect(Peer peer, string reason)
    {
        if (Interlocked.CompareExchange(ref _states[peer.Index], (int)PeerState.Suspect, (int)PeerState.Healthy) == (int)PeerState.Healthy)
        {
            PublishState(peer);
            LogSuspect(_logger, peer.Name, reason);
            _wake.Writer.TryWrite(true);
        }
    }

    private void MoveTo(Peer peer, PeerState state, string? reason)
    {
        var before = (PeerState)Interlocked.Exchange(ref _states[peer.Index], (int)state);
        if (before == state)
        {
            return;
        }
        PublishState(peer);
        // Only the prober moves a peer to or from down, one probe at a time per peer, so these two never race.
        if (state == PeerState.Down)
        {
            Volatile.Write(ref _downSince[peer.Index], _time.GetTimestamp());
            LogDown(_logger, peer.Name, reason ?? "", _probeInterval);
        }
        else if (state == PeerState.Healthy && before == PeerState.Down)
        {
            var downtime = Durations.Describe(_time.GetElapsedTime(Volatile.Read(ref _downSince[peer.Index])));
            LogBack(_logger, peer.Name, downtime);
        }
    }

    /// <summary>
    /// A request's suspicion and the prober's verdict can move one peer at the same time; each publishes after its
    /// move and reads the state under the peer's lock, so the last one to publish leaves the series at the true state.
    /// </summary>
    private void PublishState(Peer peer)
    {
        lock (_publishing[peer.Index])
        {
            _metrics.SetPeerState(peer, StateOf(peer));
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Debug, Message = "Peer {Peer} is suspect ({Reason}); asked last until a probe answers")]
    private static partial void LogSuspect(ILogger logger, string peer, string reason);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Peer {Peer} is down ({Reason}); skipped until it answers a probe (every {ProbeInterval})")]
    private static partial void LogDown(ILogger logger, string peer, string reason, string probeInterval);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Peer {Peer} answers again after {Downtime} down")]
    private static partial void LogBack(ILogger logger, string peer, string downtime);
}
