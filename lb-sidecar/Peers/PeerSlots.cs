namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Requests in flight per peer, capped at <see cref="Options.PeerOptions.MaxRequestsPerPeer"/>. A fan-out asks a peer
/// at its cap only for the hedge delay, without a slot: a peer that hangs on challenge requests (and still answers
/// probes, so it stays in rotation) would otherwise keep every fan-out that asks it — every miss — for the whole read
/// timeout, while a healthy peer under load answers well within the hedge delay anyway.
/// </summary>
internal sealed class PeerSlots(int peers, int maxPerPeer)
{
    private readonly int[] _inFlight = new int[peers];

    public int InFlight(Peer peer) => Volatile.Read(ref _inFlight[peer.Index]);

    public bool TryTake(Peer peer)
    {
        if (Interlocked.Increment(ref _inFlight[peer.Index]) > maxPerPeer)
        {
            Interlocked.Decrement(ref _inFlight[peer.Index]);
            return false;
        }
        return true;
    }

    public void Return(Peer peer) => Interlocked.Decrement(ref _inFlight[peer.Index]);
}
