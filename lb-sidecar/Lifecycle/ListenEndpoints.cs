using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// Where one configuration listens: the public and peer ports of this LB on <c>Sidecar:ListenAddress</c>, and the
/// metrics endpoint when there is one. An address of <c>::</c> or <c>0.0.0.0</c> means every address, both families.
/// </summary>
internal sealed record ListenEndpoints(IPEndPoint Public, IPEndPoint Peer, IPEndPoint? Metrics)
{
    public static ListenEndpoints From(SidecarOptions sidecar, LoadBalancerOptions self)
    {
        var address = IPAddress.Parse(sidecar.ListenAddress);
        return new(new IPEndPoint(address, self.HttpPort), new IPEndPoint(address, self.PeerPort),
            IPEndPoint.TryParse(sidecar.MetricsEndpoint, out var metrics) ? metrics : null);
    }

    public IEnumerable<IPEndPoint> All => Metrics is null ? [Public, Peer] : [Public, Peer, Metrics];

    public static bool IsAnyAddress(IPAddress address) => address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any);
}
