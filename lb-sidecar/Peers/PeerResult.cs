namespace LbAcme.Sidecar.Peers;

/// <summary>How one peer request ended. Expected failures are values, not exceptions.</summary>
internal enum PeerResult
{
    /// <summary>200 with printable text; the fan-out tells a key authorization for the token from <see cref="Unmatched"/>.</summary>
    Found,

    /// <summary>
    /// 200 with printable text that is not a well-formed key authorization for the token (empty, another token's,
    /// a page): kept only as a fallback, relayed when no peer has a well-formed one.
    /// </summary>
    Unmatched,

    /// <summary>404 or 403: the peer is fine but does not hold the token.</summary>
    NotFound,

    /// <summary>5xx or another status: try the next peer, the peer itself answered.</summary>
    ServerError,

    /// <summary>200 with a body too large, a wrong content type or not printable text: never relayed.</summary>
    Invalid,

    /// <summary>Refused, reset or a protocol error.</summary>
    Error,

    /// <summary>No complete answer within the read timeout.</summary>
    Timeout,

    /// <summary>The peer was at <see cref="Options.PeerOptions.MaxRequestsPerPeer"/> and did not answer within the hedge delay: not waited for.</summary>
    Busy,

    /// <summary>We stopped asking: the client went away or another peer answered first.</summary>
    Canceled,
}

internal static class PeerResultExtensions
{
    /// <summary>The peer answered with something HTTP; it is up even if it lacked the token.</summary>
    public static bool PeerAnswered(this PeerResult result) =>
        result is PeerResult.Found or PeerResult.Unmatched or PeerResult.NotFound or PeerResult.ServerError or PeerResult.Invalid;

    public static string Label(this PeerResult result) => result switch
    {
        PeerResult.Found => "found",
        PeerResult.Unmatched => "unmatched",
        PeerResult.NotFound => "not_found",
        PeerResult.ServerError => "server_error",
        PeerResult.Invalid => "invalid",
        PeerResult.Error => "error",
        PeerResult.Timeout => "timeout",
        PeerResult.Busy => "busy",
        _ => "canceled",
    };
}
