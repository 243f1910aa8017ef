namespace LbAcme.Core.Fleet;

/// <summary>
/// How <c>lb-sidecar render keepalived</c> lays out VRRP (configuration section <c>Fleet:Keepalived</c>): one
/// instance per VIP, every LB in state BACKUP, priorities following <see cref="Rotation"/> so each VIP has a
/// different home, and every instance tracking HAProxy so an LB whose HAProxy is down holds no VIP.
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

    /// <summary>
    /// LB names in home order: VIP j's home is entry j mod count, its backups the entries after it, then the LBs
    /// not listed (in <see cref="FleetOptions.LoadBalancers"/> order). Empty (the default) means every LB in list
    /// order. Pin it before adding or removing an LB, so no other VIP moves: a name whose LB was removed keeps its
    /// place (its VIPs go to the next entry); a new LB left out of it becomes everyone's last backup.
    /// </summary>
    public List<string> Rotation { get; set; } = [];

    /// <summary>
    /// Script keepalived runs every second with HAProxy's Runtime API socket (<see cref="HaProxyOptions.RuntimeSocket"/>)
    /// as its argument; while it fails, this LB gives up its VIPs. Must be root-owned and writable by root only.
    /// </summary>
    public string HaProxyCheckScript { get; set; } = "/usr/lib/lb-acme/keepalived-haproxy-check";
}
