using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;

namespace LbAcme.Renewal.Served;

/// <summary>
/// One address the probe connects to and the SNI names it asks there, each with the certificate it should select.
/// <see cref="Endpoint"/> is null when the fleet's text is no IP address (then every name is an
/// <see cref="ServedFailure.InvalidAddress"/> finding).
/// </summary>
public sealed record ProbeTarget(string Address, IPEndPoint? Endpoint, ServedAddressKind Kind, string? Lb, IReadOnlyList<ProbeName> Names)
{
    /// <summary>The SNI names in the order they are asked.</summary>
    public IReadOnlyList<string> ServerNames => [.. Names.Select(n => n.ServerName)];

    /// <summary>
    /// Every VIP, then every LB address, in fleet order, all on <c>Fleet:HaProxy:Service:HttpsPort</c>; at each, every
    /// certificate (<see cref="FleetCertificates.All"/> order) with each of its names. A VIP is asked for the
    /// certificates' own names only: whichever LB holds it must serve those, while an LB's extra name through a VIP would
    /// be answered by whichever LB is master at the moment, so a mismatch there says nothing about a fault. An LB's own
    /// address is also asked for its extra name, under each certificate that carries it (<see cref="FleetCertificates.NamesFor"/>).
    /// A name is asked once per address: a name two certificates share (AllowNameOverlap) is asked for the first of them,
    /// since one SNI can select only one certificate.
    /// </summary>
    public static IReadOnlyList<ProbeTarget> For(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var port = fleet.HaProxy.Service.HttpsPort;
        var certificates = FleetCertificates.All(fleet);
        var targets = new List<ProbeTarget>();
        foreach (var vip in fleet.Vips)
        {
            targets.Add(Create(vip, port, ServedAddressKind.Vip, lb: null, Distinct(certificates.Select(c => (c.Name, c.Names)))));
        }
        foreach (var lb in fleet.LoadBalancers)
        {
            var names = Distinct(certificates.Select(c => (c.Name, FleetCertificates.NamesFor(c, lb))));
            targets.Add(Create(lb.Address, port, ServedAddressKind.Lb, lb.Name, names));
        }
        return targets;
    }

    private static List<ProbeName> Distinct(IEnumerable<(string Certificate, IReadOnlyList<string> Names)> certificates)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        return [.. certificates.SelectMany(c => c.Names.Select(n => new ProbeName(n, c.Certificate))).Where(n => asked.Add(n.ServerName))];
    }

    private static ProbeTarget Create(string text, int port, ServedAddressKind kind, string? lb, IReadOnlyList<ProbeName> names)
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
