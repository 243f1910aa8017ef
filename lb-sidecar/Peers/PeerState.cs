namespace LbAcme.Sidecar.Peers;

/// <summary>
/// What the fan-out believes about a peer: the <c>state</c> label of <c>lbacme_sidecar_peer_state</c>. The numbers
/// are the deprecated <c>lbacme_sidecar_peer_health</c> gauge's values.
/// </summary>
internal enum PeerState
{
    /// <summary>A probe failed: not asked at all until a probe succeeds.</summary>
    Down = 0,

    /// <summary>A request failed or was slow: asked after the healthy ones, probed at once.</summary>
    Suspect = 1,

    /// <summary>Answered recently: asked first.</summary>
    Healthy = 2,
}

internal static class PeerStateLabels
{
    public static readonly PeerState[] All = Enum.GetValues<PeerState>();

    public static string Label(this PeerState state) => state switch
    {
        PeerState.Down => "down",
        PeerState.Suspect => "suspect",
        PeerState.Healthy => "healthy",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
