namespace LbAcme.Sidecar.Options;

/// <summary>How the public listener asks peers, and how it keeps a dead peer from costing requests.</summary>
public sealed class PeerOptions
{
    /// <summary>TCP connect timeout per peer (the reference's proxy_connect_timeout).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time for a peer to send its whole answer once asked (the reference's proxy_read_timeout).</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// When a peer has not answered after this long, the next peer is asked as well (a hedged request), so a
    /// blackholed peer costs at most this much before it is found out.
    /// </summary>
    public TimeSpan HedgeDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often peers that failed are probed; healthy peers are probed at eight times this interval.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Fan-outs in flight for one client (an IPv4 address, or an IPv6 /64), so one client flooding misses is refused
    /// (503) while other clients' fan-outs still run. A CA's validation costs one to three (Pebble asks three times
    /// at once; Let's Encrypt asks from several addresses), so the default leaves room for many orders at once.
    /// </summary>
    public int MaxFanOutsPerSource { get; set; } = 64;

    /// <summary>
    /// Requests in flight to one peer. A peer at this many is still asked, but given only the hedge delay (and the next
    /// peer is asked at once), so a peer that hangs on challenge requests holds at most this many fan-outs until its
    /// read timeout, never the whole gate; a healthy peer under load answers within the hedge delay anyway.
    /// </summary>
    public int MaxRequestsPerPeer { get; set; } = 64;

    /// <summary>Largest peer answer relayed; a key authorization is ~90 bytes.</summary>
    public int MaxAnswerBytes { get; set; } = 4096;

    /// <summary>
    /// Remote networks (CIDR or single IP) allowed on the peer port. Empty (default): the fleet's LB addresses
    /// and loopback. "*" allows anyone.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
