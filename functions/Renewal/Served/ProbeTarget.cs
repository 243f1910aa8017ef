using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;

namespace LbAcme.Renewal.Served;

/// <summary>
/// One address the probe connects to and the SNI names it asks there. <see cref="Endpoint"/> is null when the fleet's
/// text is no IP address (then every name is an <see cref="ServedFailure.InvalidAddress"/> finding).
/// </summary>
public sealed record ProbeTarget(string Address, IPEndPoint? Endpoint, ServedAddressKind Kind, string? Lb, IReadOnlyList<string> ServerNames)
{
    /// <summary>
    /// Every VIP, then every LB address, in fleet order, all on <c>Fleet:HaProxy:Service:HttpsPort</c>. A VIP is asked
    /// for the fleet's names only: whichever LB holds it must serve those, while an LB's extra name through a VIP would
    /// be answered by whichever LB is master at the moment, so a mismatch there says nothing about a fault. An LB's own
    /// address is asked for the fleet's names and its extra name, which only its own certificate carries.
    /// </summary>
    public static IReadOnlyList<ProbeTarget> For(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var port = fleet.HaProxy.Service.HttpsPort;
        var targets = new List<ProbeTarget>();
        foreach (var vip in fleet.Vips)
        {
            targets.Add(Create(vip, port, ServedAddressKind.Vip, lb: null, fleet.Names));
        }
        foreach (var lb in fleet.LoadBalancers)
        {
            IReadOnlyList<string> names = lb.ExtraName is { Length: > 0 } extra && !fleet.Names.Contains(extra, StringComparer.Ordinal)
                ? [.. fleet.Names, extra]
                : fleet.Names;
            targets.Add(Create(lb.Address, port, ServedAddressKind.Lb, lb.Name, names));
        }
        return targets;
    }

    private static ProbeTarget Create(string text, int port, ServedAddressKind kind, string? lb, IReadOnlyList<string> names)
    {
        if (!IpAddressText.TryParse(text, out var address))
        {
            return new ProbeTarget(text, null, kind, lb, names);
        }
        // IPEndPoint writes IPv6 in brackets ("[2001:db8::1]:443"), the one way to write an address with a port.
        var endpoint = new IPEndPoint(address, port);
        return new ProbeTarget(endpoint.ToString(), endpoint, kind, lb, names);
    }
}
