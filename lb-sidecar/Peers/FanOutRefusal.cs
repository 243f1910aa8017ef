namespace LbAcme.Sidecar.Peers;

/// <summary>Why a fan-out answered 503: the <c>reason</c> label of <c>lbacme_sidecar_fanouts_refused_total</c>.</summary>
internal enum FanOutRefusal
{
    /// <summary><see cref="Options.LimitOptions.MaxConcurrentFanOuts"/> were in flight.</summary>
    Full,

    /// <summary>The request's source had <see cref="Options.PeerOptions.MaxFanOutsPerSource"/> in flight.</summary>
    Source,

    /// <summary>No peer had the token, and a peer at <see cref="Options.PeerOptions.MaxRequestsPerPeer"/> that was not waited for might have.</summary>
    PeersBusy,
}

internal static class FanOutRefusalExtensions
{
    public static string Label(this FanOutRefusal refusal) => refusal switch
    {
        FanOutRefusal.Full => "full",
        FanOutRefusal.Source => "source",
        _ => "peers_busy",
    };
}
