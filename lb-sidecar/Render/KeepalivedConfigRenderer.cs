using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// keepalived.conf for one LB: one vrrp_instance per VIP, all in state BACKUP (the highest priority wins the
/// election, so a returning LB takes its own VIP back without nopreempt games), priorities per
/// <see cref="VrrpPriority"/>, a distinct virtual_router_id per VIP. IPv6 VIPs get their own instances, which
/// keepalived runs as VRRPv3; VRRPv3 has no authentication, so only IPv4 instances carry the PASS secret.
/// Every instance tracks <see cref="CheckName"/>, HAProxy's Runtime API answering <c>show info</c>: while it
/// fails the instances are in FAULT, so this LB holds no VIP and the next LB in the rotation takes them. FAULT
/// rather than a negative weight: a VIP on an LB without HAProxy refuses every connection, whatever the other
/// LBs' state, and a weight would have to outweigh every priority gap (clamped at 1, ties left to addresses).
/// <c>init_fail</c> keeps a freshly started keepalived from taking VIPs before its HAProxy has answered.
/// </summary>
internal static class KeepalivedConfigRenderer
{
    public const string CheckName = "haproxy_alive";

    public static string Render(FleetOptions fleet, int lbIndex, string? authPass)
    {
        var options = fleet.Keepalived;
        var lb = fleet.LoadBalancers[lbIndex];
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For("keepalived", lb.Name));
        text.AppendLine("global_defs {");
        text.AppendLine(CultureInfo.InvariantCulture, $"    router_id {lb.Name}");
        text.AppendLine("    enable_script_security");
        text.AppendLine("    script_user root");
        text.AppendLine("}");
        text.AppendLine();
        // Down after three missed seconds (one slow answer is not an outage), back after three good ones.
        text.AppendLine(CultureInfo.InvariantCulture, $"vrrp_script {CheckName} {{");
        text.AppendLine(CultureInfo.InvariantCulture, $"    script \"{options.HaProxyCheckScript} {fleet.HaProxy.RuntimeSocket}\"");
        text.AppendLine("    interval 1");
        text.AppendLine("    timeout 2");
        text.AppendLine("    fall 3");
        text.AppendLine("    rise 3");
        text.AppendLine("    init_fail");
        text.AppendLine("}");
        for (var vip = 0; vip < fleet.Vips.Count; vip++)
        {
            var address = IPAddress.Parse(fleet.Vips[vip]);
            var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"vrrp_instance {InstanceName(vip)} {{");
            text.AppendLine("    state BACKUP");
            text.AppendLine(CultureInfo.InvariantCulture, $"    interface {options.Interface}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    virtual_router_id {options.VirtualRouterIdBase + vip}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    priority {VrrpPriority.For(fleet, lb.Name, vip)}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    advert_int {options.AdvertisementInterval}");
            if (!v6)
            {
                text.AppendLine("    authentication {");
                text.AppendLine("        auth_type PASS");
                text.AppendLine(CultureInfo.InvariantCulture, $"        auth_pass {authPass}");
                text.AppendLine("    }");
            }
            text.AppendLine("    track_script {");
            text.AppendLine(CultureInfo.InvariantCulture, $"        {CheckName}");
            text.AppendLine("    }");
            text.AppendLine("    virtual_ipaddress {");
            text.AppendLine(CultureInfo.InvariantCulture, $"        {HostRoute(address)}");
            text.AppendLine("    }");
            text.AppendLine("}");
        }
        return text.ToString();
    }

    /// <summary>True when some VIP is IPv4, i.e. the PASS secret is needed.</summary>
    public static bool NeedsAuthPass(FleetOptions fleet) =>
        fleet.Vips.Any(v => IPAddress.TryParse(v, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork);

    /// <summary>The VIP as keepalived adds it to the interface: a host route (/32 or /128).</summary>
    public static string HostRoute(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"{address}/128" : $"{address}/32";

    private static string InstanceName(int vipIndex) => $"VIP_{vipIndex + 1}";
}
