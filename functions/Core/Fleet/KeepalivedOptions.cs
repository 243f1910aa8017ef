namespace LbAcme.Core.Fleet;

/// <summary>
/// How <c>lb-sidecar render keepalived</c> lays out VRRP (configuration section <c>Fleet:Keepalived</c>): one
/// instance per VIP, every LB in state BACKUP, priorities rotated by one per LB so each VIP has a different home.
/// </summary>
public sealed class KeepalivedOptions
{
    /// <summary>Network interface the VIPs are added to on every LB.</summary>
    public string Interface { get; set; } = "eth0";

    /// <summary>virtual_router_id of the first VIP; VIP j gets base + j, so base + VIP count - 1 must stay within 255.</summary>
    public int VirtualRouterIdBase { get; set; } = 51;

    /// <summary>Seconds between VRRP advertisements; takeover after a crash takes about three of them.</summary>
    public int AdvertisementInterval { get; set; } = 1;

    /// <summary>
    /// File holding the VRRP PASS secret (1-8 characters), read at render time so it never sits in fleet.json.
    /// The environment variable LBACME_VRRP_AUTH_PASS wins when set. Only IPv4 instances use it: VRRPv3 (IPv6) has no authentication.
    /// </summary>
    public string AuthPassFile { get; set; } = "/etc/lb-acme/vrrp-auth-pass";

    /// <summary>Script that removes the VIPs from <see cref="Interface"/>; keepalived's unit runs it before start and after stop.</summary>
    public string CleanupScript { get; set; } = "/usr/lib/lb-acme/keepalived-vip-cleanup";
}
