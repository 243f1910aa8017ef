using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Peers;

/// <summary>This LB and its peers, read once from the validated fleet.</summary>
internal sealed class PeerDirectory
{
    public PeerDirectory(IOptions<FleetOptions> fleet, IOptions<SidecarOptions> sidecar)
    {
        var lbs = fleet.Value.LoadBalancers;
        Self = fleet.Value.FindLoadBalancer(sidecar.Value.LoadBalancer)
            ?? throw new InvalidOperationException($"Sidecar:LoadBalancer '{sidecar.Value.LoadBalancer}' is not in the fleet");
        All = [.. lbs.Select((lb, i) => new Peer(lb.Name, new IPEndPoint(IPAddress.Parse(lb.Address), lb.PeerPort), i, lb.ExtraName))];
        Peers = [.. lbs.Where(lb => lb != Self).Select((lb, i) => new Peer(lb.Name, new IPEndPoint(IPAddress.Parse(lb.Address), lb.PeerPort), i, lb.ExtraName))];
    }

    public LoadBalancerOptions Self { get; }

    /// <summary>Every other LB: the ones the public listener asks.</summary>
    public IReadOnlyList<Peer> Peers { get; }

    /// <summary>Every LB including this one: what <c>lb-sidecar check</c> probes.</summary>
    public IReadOnlyList<Peer> All { get; }
}
