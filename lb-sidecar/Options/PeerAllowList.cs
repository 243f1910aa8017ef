using System.Net;
using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// Who may use the peer port. By default the fleet's own LB addresses plus loopback (local tools and
/// <c>lb-sidecar check</c>); configurable networks replace that; "*" allows anyone.
/// </summary>
internal sealed class PeerAllowList
{
    private readonly IPNetwork[] _networks;
    private readonly bool _anyone;

    private PeerAllowList(IPNetwork[] networks, bool anyone)
    {
        _networks = networks;
        _anyone = anyone;
    }

    public static PeerAllowList Create(FleetOptions fleet, PeerOptions peers)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(peers);
        if (peers.AllowedNetworks.Count == 0)
        {
            var fleetHosts = fleet.LoadBalancers
                .Select(lb => IPAddress.Parse(lb.Address))
                .Select(a => new IPNetwork(Normalize(a), a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            IPNetwork[] loopback = [IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")];
            return new PeerAllowList([.. fleetHosts, .. loopback], anyone: false);
        }
        var anyone = peers.AllowedNetworks.Contains("*");
        var networks = peers.AllowedNetworks.Where(n => n != "*")
            .Select(n => TryParseNetwork(n, out var network) ? network : throw new FormatException(n))
            .ToArray();
        return new PeerAllowList(networks, anyone);
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        network = default;
        if (text == "*")
        {
            return true;
        }
        if (IPAddress.TryParse(text, out var single))
        {
            single = Normalize(single);
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return IPNetwork.TryParse(text, out network);
    }

    public bool Allows(IPAddress? remote)
    {
        if (_anyone)
        {
            return true;
        }
        if (remote is null)
        {
            return false;
        }
        remote = Normalize(remote);
        foreach (var network in _networks)
        {
            if (network.Contains(remote))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A dual-stack listener sees IPv4 peers as ::ffff:a.b.c.d; compare them as IPv4.</summary>
    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
