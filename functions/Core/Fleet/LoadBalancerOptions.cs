namespace LbAcme.Core.Fleet;

/// <summary>One load balancer of the fleet: how peers reach its challenge listener, and its own extra name.</summary>
public sealed class LoadBalancerOptions
{
    /// <summary>Short stable name (lowercase letters, digits, '-'); used in store paths and certificate names.</summary>
    public string Name { get; set; } = "";

    /// <summary>The LB's own (non-virtual) IP address; peers connect to it and its sidecar may listen on it.</summary>
    public string Address { get; set; } = "";

    /// <summary>Port of the peers-only challenge listener (the reference design's nginx :31080).</summary>
    public int PeerPort { get; set; } = 31080;

    /// <summary>Port of the public challenge listener the CA reaches through the VIPs.</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>Optional name only this LB's certificate carries (e.g. lb0.svc.example.com), besides <see cref="FleetOptions.Names"/>.</summary>
    public string? ExtraName { get; set; }
}
