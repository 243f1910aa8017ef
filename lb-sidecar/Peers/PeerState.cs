namespace LbAcme.Sidecar.Peers;

/// <summary>What the fan-out believes about a peer. The numbers are the <c>lbacme_sidecar_peer_health</c> gauge values.</summary>
internal enum PeerState
{
    /// <summary>A probe failed: not asked at all until a probe succeeds.</summary>
    Down = 0,

    /// <summary>A request failed or was slow: asked after the healthy ones, probed at once.</summary>
    Suspect = 1,

    /// <summary>Answered recently: asked first.</summary>
    Healthy = 2,
}
