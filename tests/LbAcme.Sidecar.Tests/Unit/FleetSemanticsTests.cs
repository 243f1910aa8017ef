using LbAcme.Core.Fleet;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>What a fleet means, beyond each field's form: VIPs, addresses and names that collide or read two ways.</summary>
public sealed class FleetSemanticsTests
{
    /// <summary>The validation tests' good fleet with a second VIP and a backend, so HAProxy and keepalived render too.</summary>
    private static readonly Dictionary<string, string?> Good = new(FleetOptionsValidationTests.Good)
    {
        ["Fleet:Vips:1"] = "2001:db8::100",
        ["Fleet:HaProxy:Service:Servers:0:Name"] = "app0",
        ["Fleet:HaProxy:Service:Servers:0:Address"] = "192.0.2.50",
    };

    [Fact]
    public void The_good_fleet_passes_every_check()
    {
        var fleet = Bind(Good);

        Assert.Empty(LbConfigValidation.ValidateHaProxy(fleet));
        Assert.Empty(LbConfigValidation.ValidateKeepalived(fleet));
    }

    [Theory]
    [InlineData("Fleet:Vips:1", "192.0.2.100", "Fleet:Vips[1]: '192.0.2.100' is also Fleet:Vips[0]")]
    [InlineData("Fleet:Vips:2", "2001:DB8:0::100", "Fleet:Vips[2]: '2001:DB8:0::100' is also Fleet:Vips[1]")]
    [InlineData("Fleet:Vips:1", "192.0.2.10", "Fleet:Vips[1]: '192.0.2.10' is also Fleet:LoadBalancers[0]:Address")]
    [InlineData("Fleet:Vips:1", "2001:db8:0:0:0:0:0:11", "Fleet:Vips[1]: '2001:db8:0:0:0:0:0:11' is also Fleet:LoadBalancers[1]:Address")]
    [InlineData("Fleet:Vips:0", "10.1", "Fleet:Vips[0]: '10.1' is not an IP address written in full (did you mean 10.0.0.1?)")]
    [InlineData("Fleet:LoadBalancers:0:Address", "192.0.2", "Fleet:LoadBalancers[0]:Address: '192.0.2' is not an IP address written in full")]
    [InlineData("Fleet:LoadBalancers:1:ExtraName", "LB0.svc.example.com.", "Fleet:LoadBalancers[1]:ExtraName: 'lb0.svc.example.com' is also Fleet:LoadBalancers[0]:ExtraName")]
    [InlineData("Fleet:LoadBalancers:1:ExtraName", "SVC.example.com", "Fleet:LoadBalancers[1]:ExtraName: 'svc.example.com' is also Fleet:Names[0]")]
    [InlineData("Fleet:Names:0", "localhost", "Fleet:Names[0]: 'localhost' is a single label")]
    [InlineData("Fleet:LoadBalancers:0:ExtraName", "lb0", "Fleet:LoadBalancers[0]:ExtraName: 'lb0' is a single label")]
    [InlineData("Fleet:Names:0", "1.2.3.4.5", "Fleet:Names[0]: '1.2.3.4.5' looks like an IP address")]
    [InlineData("Fleet:Names:0", "10.1", "Fleet:Names[0]: '10.1' is an IP address")]
    [InlineData("Fleet:LoadBalancers:1:Address", "192.0.2.10", "Fleet:LoadBalancers[1]:Address: '192.0.2.10' is also Fleet:LoadBalancers[0]:Address, and the two share a port")]
    public void Each_collision_is_reported_with_the_field_path(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Good) { [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Lbs_may_share_an_address_on_different_ports()
    {
        var settings = new Dictionary<string, string?>(Good) { ["Fleet:LoadBalancers:1:Address"] = "192.0.2.10", ["Fleet:LoadBalancers:1:PeerPort"] = "31081", ["Fleet:LoadBalancers:1:HttpPort"] = "8081" };

        Assert.Equal("192.0.2.10", Bind(settings).LoadBalancers[1].Address);
    }

    [Theory]
    [InlineData("Fleet:HaProxy:Service:HttpsPort", "31080", "Fleet:HaProxy:Service:HttpsPort: 31080 is also Fleet:LoadBalancers[0]'s PeerPort or HttpPort")]
    [InlineData("Fleet:HaProxy:Service:Servers:0:Address", "10.1", "Fleet:HaProxy:Service:Servers[0]:Address: '10.1' is not an IP address written in full")]
    public void Render_checks_refuse_ports_and_addresses_that_collide(string key, string value, string expected)
    {
        var fleet = Bind(new Dictionary<string, string?>(Good) { [key] = value });

        Assert.Contains(LbConfigValidation.ValidateHaProxy(fleet), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    private static FleetOptions Bind(Dictionary<string, string?> settings) => FleetOptionsValidationTests.Bind(settings);
}
