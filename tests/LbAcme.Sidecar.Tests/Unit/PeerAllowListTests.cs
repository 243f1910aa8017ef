using System.Net;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class PeerAllowListTests
{
    private static readonly FleetOptions Fleet = new()
    {
        LoadBalancers = [new() { Name = "lb0", Address = "192.0.2.10" }, new() { Name = "lb1", Address = "2001:db8::11" }],
    };

    [Theory]
    [InlineData("192.0.2.10", true)]
    [InlineData("::ffff:192.0.2.10", true)] // how a dual-stack listener sees an IPv4 peer
    [InlineData("2001:db8::11", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("192.0.2.11", false)]
    [InlineData("198.51.100.1", false)]
    public void By_default_only_the_fleet_and_loopback_may_use_the_peer_port(string remote, bool allowed) =>
        Assert.Equal(allowed, PeerAllowList.Create(Fleet, new PeerOptions()).Allows(IPAddress.Parse(remote)));

    [Fact]
    public void Configured_networks_replace_the_default_and_star_allows_anyone()
    {
        var network = PeerAllowList.Create(Fleet, new PeerOptions { AllowedNetworks = ["10.1.0.0/16"] });
        var anyone = PeerAllowList.Create(Fleet, new PeerOptions { AllowedNetworks = ["*"] });

        Assert.True(network.Allows(IPAddress.Parse("10.1.2.3")));
        Assert.False(network.Allows(IPAddress.Parse("127.0.0.1")));
        Assert.False(network.Allows(null));
        Assert.True(anyone.Allows(IPAddress.Parse("203.0.113.9")));
    }
}
