using System.Net;
using System.Text.RegularExpressions;
using LbAcme.Core.Names;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Checks what only the LB config renderers need (<see cref="KeepalivedOptions"/>, <see cref="HaProxyServiceOptions"/>)
/// on top of <see cref="FleetOptionsValidation"/>; the function and the running sidecar do not need these to start.
/// Every error names the field's configuration path.
/// </summary>
public static partial class LbConfigValidation
{
    private const string Keepalived = $"{FleetOptions.SectionName}:{nameof(FleetOptions.Keepalived)}";
    private const string Service = $"{FleetOptions.SectionName}:{nameof(FleetOptions.HaProxy)}:{nameof(HaProxyOptions.Service)}";

    public static IReadOnlyList<string> ValidateKeepalived(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var errors = new List<string>();
        var options = fleet.Keepalived;
        if (fleet.Vips.Count == 0)
        {
            errors.Add($"{FleetOptions.SectionName}:Vips: at least one VIP is needed to render keepalived.conf");
        }
        if (!InterfacePattern().IsMatch(options.Interface))
        {
            errors.Add($"{Keepalived}:Interface: '{options.Interface}' is not a network interface name");
        }
        var last = options.VirtualRouterIdBase + Math.Max(fleet.Vips.Count, 1) - 1;
        if (options.VirtualRouterIdBase < 1 || last > 255)
        {
            errors.Add($"{Keepalived}:VirtualRouterIdBase: {options.VirtualRouterIdBase} gives ids up to {last}; with {fleet.Vips.Count} VIP(s) it must be 1-{256 - Math.Max(fleet.Vips.Count, 1)}");
        }
        if (options.AdvertisementInterval is < 1 or > 255)
        {
            errors.Add($"{Keepalived}:AdvertisementInterval: {options.AdvertisementInterval} must be 1-255 seconds");
        }
        if (!Path.IsPathFullyQualified(options.CleanupScript))
        {
            errors.Add($"{Keepalived}:CleanupScript: '{options.CleanupScript}' must be an absolute path");
        }
        return errors;
    }

    public static IReadOnlyList<string> ValidateHaProxy(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var errors = new List<string>();
        var service = fleet.HaProxy.Service;
        if (fleet.Vips.Count == 0)
        {
            errors.Add($"{FleetOptions.SectionName}:Vips: at least one VIP is needed for HAProxy to bind");
        }
        if (service.HttpsPort is < 1 or > 65535 or 80)
        {
            errors.Add($"{Service}:HttpsPort: {service.HttpsPort} must be a TCP port other than 80 (port 80 is the sidecar's)");
        }
        // The sidecar listens on every address of the LB (Sidecar:ListenAddress '::'), so HAProxy cannot bind its ports on a VIP.
        for (var i = 0; i < fleet.LoadBalancers.Count; i++)
        {
            var lb = fleet.LoadBalancers[i];
            if (service.HttpsPort == lb.PeerPort || service.HttpsPort == lb.HttpPort)
            {
                errors.Add($"{Service}:HttpsPort: {service.HttpsPort} is also {FleetOptions.SectionName}:LoadBalancers[{i}]'s PeerPort or HttpPort (the sidecar's)");
            }
        }
        if (!service.HealthCheckPath.StartsWith('/') || service.HealthCheckPath.Any(char.IsWhiteSpace))
        {
            errors.Add($"{Service}:HealthCheckPath: '{service.HealthCheckPath}' must be a path starting with '/' without spaces");
        }
        if (!Path.IsPathFullyQualified(fleet.HaProxy.CertificateDirectory))
        {
            errors.Add($"{FleetOptions.SectionName}:HaProxy:CertificateDirectory: '{fleet.HaProxy.CertificateDirectory}' must be an absolute path");
        }
        if (service.Servers.Count == 0)
        {
            errors.Add($"{Service}:Servers: at least one backend server is required");
        }
        for (var i = 0; i < service.Servers.Count; i++)
        {
            var server = service.Servers[i];
            if (!ServerNamePattern().IsMatch(server.Name))
            {
                errors.Add($"{Service}:Servers[{i}]:Name: '{server.Name}' must be letters, digits, '-', '_' or '.'");
            }
            if (IPAddress.TryParse(server.Address, out _) && IpAddressText.Problem(server.Address) is { } addressProblem)
            {
                errors.Add($"{Service}:Servers[{i}]:Address: {addressProblem}");
            }
            else if (!IpAddressText.TryParse(server.Address, out _) && !DnsName.IsValid(server.Address))
            {
                errors.Add($"{Service}:Servers[{i}]:Address: '{server.Address}' is neither an IP address nor a DNS name");
            }
            if (server.Port is < 1 or > 65535)
            {
                errors.Add($"{Service}:Servers[{i}]:Port: {server.Port} is not a TCP port (1-65535)");
            }
        }
        foreach (var duplicate in service.Servers.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{Service}:Servers: name '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex InterfacePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerNamePattern();
}
