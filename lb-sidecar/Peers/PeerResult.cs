namespace LbAcme.Sidecar.Peers;

/// <summary>How one peer request ended. Expected failures are values, not exceptions.</summary>
internal enum PeerResult
{
    /// <summary>200 with a plausible key authorization.</summary>
    Found,

    /// <summary>404 or 403: the peer is fine but does not hold the token.</summary>
    NotFound,

    /// <summary>5xx or another status: try the next peer, the peer itself answered.</summary>
    ServerError,

    /// <summary>200 with a body too large, a wrong content type or not this token's key authorization.</summary>
    Invalid,

    /// <summary>Refused, reset or a protocol error.</summary>
    Error,

    /// <summary>No complete answer within the read timeout.</summary>
    Timeout,

    /// <summary>We stopped asking: the client went away or another peer answered first.</summary>
    Canceled,
}

internal static class PeerResultExtensions
{
    /// <summary>The peer answered with something HTTP; it is up even if it lacked the token.</summary>
    public static bool PeerAnswered(this PeerResult result) =>
        result is PeerResult.Found or PeerResult.NotFound or PeerResult.ServerError or PeerResult.Invalid;

    public static string Label(this PeerResult result) => result switch
    {
        PeerResult.Found => "found",
        PeerResult.NotFound => "not_found",
        PeerResult.ServerError => "server_error",
        PeerResult.Invalid => "invalid",
        PeerResult.Error => "error",
        PeerResult.Timeout => "timeout",
        _ => "canceled",
    };
}
