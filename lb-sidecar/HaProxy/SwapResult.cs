namespace LbAcme.Sidecar.HaProxy;

internal enum SwapOutcome
{
    /// <summary>HAProxy committed the certificate and now reports its serial.</summary>
    Swapped,

    /// <summary>No HAProxy on the socket (down, or the socket is elsewhere); nothing changed in memory.</summary>
    Unreachable,

    /// <summary>HAProxy answered but did not take the certificate; the transaction was aborted.</summary>
    Refused,

    /// <summary>HAProxy holds no certificate of that name (it is not in the running crt-list yet); nothing changed.</summary>
    NotLoaded,
}

/// <summary>What a Runtime API swap did; <see cref="Detail"/> is HAProxy's answer or the connection error (never key material).</summary>
internal sealed record SwapResult(SwapOutcome Outcome, string Detail);
