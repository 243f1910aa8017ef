using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// Where one configuration listens: the public and peer ports of this LB on <c>Sidecar:ListenAddress</c>, the
/// metrics endpoint when there is one, and daprd's app port (127.0.0.1 only) when rollout events are on
/// (<see cref="RolloutEvents"/>). An address of <c>::</c> or <c>0.0.0.0</c> means every address, both families.
/// </summary>
internal sealed record ListenEndpoints(IPEndPoint Public, IPEndPoint Peer, IPEndPoint? Metrics, IPEndPoint? Events = null)
{
    public static ListenEndpoints From(SidecarOptions sidecar, LoadBalancerOptions self)
    {
        var address = IPAddress.Parse(sidecar.ListenAddress);
        return new(new IPEndPoint(address, self.HttpPort), new IPEndPoint(address, self.PeerPort),
            IPEndPoint.TryParse(sidecar.MetricsEndpoint, out var metrics) ? metrics : null,
            RolloutEvents.Endpoint(sidecar));
    }

    public IEnumerable<IPEndPoint> All
    {
        get
        {
            yield return Public;
            yield return Peer;
            if (Metrics is not null)
            {
                yield return Metrics;
            }
            if (Events is not null)
            {
                yield return Events;
            }
        }
    }

    public static bool IsAnyAddress(IPAddress address) => address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Any);
}
