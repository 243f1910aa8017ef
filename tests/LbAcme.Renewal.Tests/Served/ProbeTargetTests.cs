using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Renewal.Served;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>Which addresses the probe connects to and which names it asks there.</summary>
public sealed class ProbeTargetTests
{
    private static FleetOptions Fleet()
    {
        var fleet = new FleetOptions
        {
            Names = ["svc.example", "www.svc.example"],
            Vips = ["2001:db8::1", "192.0.2.1"],
            LoadBalancers =
            [
                new LoadBalancerOptions { Name = "lb0", Address = "2001:db8::f001", ExtraName = "lb0.svc.example" },
                new LoadBalancerOptions { Name = "lb1", Address = "198.51.100.11" },
                new LoadBalancerOptions { Name = "lb2", Address = "198.51.100.12", ExtraName = "svc.example" },
            ],
        };
        fleet.HaProxy.Service.HttpsPort = 8443;
        return fleet;
    }

    [Fact]
    public void VIPs_come_first_and_are_asked_for_the_fleet_names_only_on_the_HTTPS_port()
    {
        var targets = ProbeTarget.For(Fleet());

        Assert.Equal(["[2001:db8::1]:8443", "192.0.2.1:8443", "[2001:db8::f001]:8443", "198.51.100.11:8443", "198.51.100.12:8443"], targets.Select(t => t.Address));
        Assert.All(targets.Take(2), t =>
        {
            Assert.Equal(ServedAddressKind.Vip, t.Kind);
            Assert.Null(t.Lb);
            Assert.Equal(["svc.example", "www.svc.example"], t.ServerNames);
        });
    }

    [Fact]
    public void An_LB_address_is_asked_for_the_fleet_names_and_its_own_extra_name_once()
    {
        var targets = ProbeTarget.For(Fleet()).Where(t => t.Kind == ServedAddressKind.Lb).ToList();

        Assert.Equal(["lb0", "lb1", "lb2"], targets.Select(t => t.Lb));
        Assert.Equal(["svc.example", "www.svc.example", "lb0.svc.example"], targets[0].ServerNames);
        Assert.Equal(["svc.example", "www.svc.example"], targets[1].ServerNames);
        Assert.Equal(["svc.example", "www.svc.example"], targets[2].ServerNames);
    }

    [Fact]
    public void An_address_that_is_no_IP_address_is_kept_as_written_with_no_endpoint()
    {
        var fleet = Fleet();
        fleet.Vips = ["10.1"];

        var target = ProbeTarget.For(fleet)[0];

        Assert.Equal("10.1", target.Address);
        Assert.Null(target.Endpoint);
    }

    [Fact]
    public void With_several_certificates_each_address_is_asked_every_certificates_names_labelled_with_it()
    {
        var fleet = Fleet();
        fleet.Names = [];
        fleet.Certificates =
        [
            new CertificateOptions { Name = "web", Names = ["svc.example", "shared.example"], CarriesLbExtraName = true, AllowNameOverlap = true },
            new CertificateOptions { Name = "api", Names = ["api.example", "shared.example"], AllowNameOverlap = true },
            new CertificateOptions { Name = "own", Names = ["own.example"], CarriesLbExtraName = true },
        ];

        var targets = ProbeTarget.For(fleet);

        // A VIP: the certificates' own names; a shared name asked once, for the first certificate naming it.
        Assert.Equal([("svc.example", "web"), ("shared.example", "web"), ("api.example", "api"), ("own.example", "own")],
            targets[0].Names.Select(n => (n.ServerName, n.Certificate)));
        // An LB: also its ExtraName, under the first certificate carrying it (one SNI selects one certificate).
        Assert.Equal([("svc.example", "web"), ("shared.example", "web"), ("lb0.svc.example", "web"), ("api.example", "api"), ("own.example", "own")],
            targets[2].Names.Select(n => (n.ServerName, n.Certificate)));
        Assert.Equal(["svc.example", "shared.example", "api.example", "own.example"], targets[3].ServerNames);
    }

    [Fact]
    public void The_shorthand_fleet_is_one_certificate_named_default()
    {
        Assert.All(ProbeTarget.For(Fleet()), t => Assert.All(t.Names, n => Assert.Equal("default", n.Certificate)));
    }
}
