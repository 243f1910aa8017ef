namespace LbAcme.Sidecar.Options;

/// <summary>Bounds that keep a flood from turning into unbounded work or memory.</summary>
public sealed class LimitOptions
{
    /// <summary>Fan-outs in flight at once; beyond this the public listener answers 503 at once instead of queueing.</summary>
    public int MaxConcurrentFanOuts { get; set; } = 256;

    /// <summary>Kestrel's request line limit (method, URL, version). Roomy enough that an over-long token still
    /// reaches the token check and gets the same plain 404 as any other malformed one.</summary>
    public int MaxRequestLineBytes { get; set; } = 16 * 1024;

    /// <summary>Kestrel's limit on all request headers together.</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>Open connections per listener; beyond this a new connection is closed on accept.</summary>
    public long MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Open connections to the public listener from one source (an IPv4 address or an IPv6 /64), so one host cannot
    /// hold the listener's slots. Roomy for a NAT full of browsers being redirected, far below <see cref="MaxConnections"/>.
    /// </summary>
    public int MaxConnectionsPerSource { get; set; } = 256;

    /// <summary>
    /// Open connections to the peer listener from one allowed source. A peer's fan-outs arrive on pooled keep-alive
    /// connections, one per request in flight, up to its own <see cref="MaxConcurrentFanOuts"/>; so this is above that.
    /// </summary>
    public int MaxPeerConnectionsPerSource { get; set; } = 1024;
}
