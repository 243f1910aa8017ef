using System.Globalization;
using System.Net;
using System.Text;
using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// haproxy.cfg for one LB: TLS on every VIP with the LB's own copy of every fleet certificate, chosen by SNI through
/// the crt-list the sidecar writes and keeps current (<see cref="FleetCertificates.CrtListPath"/>; its first line is
/// the default for a handshake matching no SNI), health-checked backends, and the admin
/// Runtime API socket the sidecar hot-swaps certificates through (group haproxy, mode 660: the sidecar runs as its
/// own user, a member of that group, as Debian's stock socket expects). No port 80: that is the sidecar's.
/// </summary>
internal static class HaProxyConfigRenderer
{
    public static string Render(FleetOptions fleet, LoadBalancerOptions lb)
    {
        var service = fleet.HaProxy.Service;
        var crtList = FleetCertificates.CrtListPath(fleet);
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For("haproxy", lb.Name));
        text.AppendLine("global");
        text.AppendLine("    log /dev/log local0");
        text.AppendLine("    user haproxy");
        text.AppendLine("    group haproxy");
        text.AppendLine(CultureInfo.InvariantCulture, $"    stats socket {fleet.HaProxy.RuntimeSocket} mode 660 group haproxy level admin");
        text.AppendLine("    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets");
        text.AppendLine();
        text.AppendLine("defaults");
        text.AppendLine("    mode http");
        text.AppendLine("    log global");
        text.AppendLine("    option httplog");
        text.AppendLine("    option forwardfor");
        text.AppendLine("    timeout connect 5s");
        text.AppendLine("    timeout client 30s");
        text.AppendLine("    timeout server 30s");
        // Start even when a backend's DNS name does not resolve yet; health checks keep it out until it does.
        text.AppendLine("    default-server init-addr last,libc,none");
        text.AppendLine();
        text.AppendLine("frontend https");
        // VIPs move between LBs: binding an address this host does not hold yet needs
        // net.ipv4.ip_nonlocal_bind=1 / net.ipv6.ip_nonlocal_bind=1 (the .deb ships that sysctl file).
        foreach (var vip in fleet.Vips)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    bind {BindAddress(vip, service.HttpsPort)} ssl crt-list {crtList} alpn h2,http/1.1");
        }
        text.AppendLine("    http-request set-header X-Forwarded-Proto https");
        text.AppendLine("    default_backend service");
        text.AppendLine();
        text.AppendLine("backend service");
        text.AppendLine("    balance roundrobin");
        text.AppendLine(CultureInfo.InvariantCulture, $"    option httpchk GET {service.HealthCheckPath}");
        text.AppendLine("    http-check expect status 200-399");
        foreach (var server in service.Servers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    server {server.Name} {BindAddress(server.Address, server.Port)} check inter 2s fall 3 rise 2");
        }
        return text.ToString();
    }

    private static string BindAddress(string host, int port) =>
        IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{ip}]:{port}"
            : $"{host}:{port}";
}
