using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>Bound from in-memory configuration through AddFleet, as the apps do, so binding and validation are tested together.</summary>
public sealed class FleetOptionsValidationTests
{
    internal static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:Contact:0"] = "mailto:ops@example.com",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Fleet:LoadBalancers:0:ExtraName"] = "lb0.svc.example.com",
        ["Fleet:LoadBalancers:1:Name"] = "lb1",
        ["Fleet:LoadBalancers:1:Address"] = "2001:db8::11",
        ["Fleet:Vips:0"] = "192.0.2.100",
    };

    [Fact]
    public void A_good_fleet_binds_with_the_defaults()
    {
        var fleet = Bind(Good);

        Assert.Equal(KeyType.EcP256, fleet.KeyType);
        Assert.Equal(31080, fleet.LoadBalancers[1].PeerPort);
        Assert.Equal(80, fleet.LoadBalancers[1].HttpPort);
        Assert.Equal("lb0.svc.example.com", fleet.FindLoadBalancer("lb0")?.ExtraName);
    }

    [Theory]
    [InlineData("Fleet:LoadBalancers:1:Address", "foo", "Fleet:LoadBalancers[1]:Address: 'foo' is not an IP address")]
    [InlineData("Fleet:LoadBalancers:1:PeerPort", "70000", "Fleet:LoadBalancers[1]:PeerPort: 70000 is not a TCP port")]
    [InlineData("Fleet:LoadBalancers:1:PeerPort", "eighty", "Fleet:LoadBalancers[1]:PeerPort: 'eighty' is not a TCP port")]
    [InlineData("Fleet:LoadBalancers:1:HttpPort", "31080", "Fleet:LoadBalancers[1]:PeerPort: 31080 must differ from HttpPort")]
    [InlineData("Fleet:LoadBalancers:1:Name", "lb0", "Fleet:LoadBalancers: name 'lb0' appears 2 times")]
    [InlineData("Fleet:LoadBalancers:1:Name", "Lb_1", "Fleet:LoadBalancers[1]:Name: 'Lb_1' must be")]
    [InlineData("Fleet:LoadBalancers:0:ExtraName", "a..b", "Fleet:LoadBalancers[0]:ExtraName: 'a..b' has the label ''")]
    [InlineData("Fleet:Names:0", "*.example.com", "Fleet:Names[0]: '*.example.com' is a wildcard; HTTP-01 cannot prove")]
    [InlineData("Fleet:AcmeDirectoryUrl", "http://acme.example.com/dir", "Fleet:AcmeDirectoryUrl: 'http://acme.example.com/dir' must be an absolute https URL")]
    [InlineData("Fleet:Contact:0", "ops@example.com", "Fleet:Contact[0]: 'ops@example.com' is not a mailto: URI")]
    [InlineData("Fleet:KeyType", "Dsa1024", "Fleet:KeyType: 'Dsa1024' is not one of EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096")]
    [InlineData("Fleet:KeyType", "7", "Fleet:KeyType: '7' is not one of EcP256")]
    [InlineData("Fleet:Names:0", "192.0.2.1", "Fleet:Names[0]: '192.0.2.1' is an IP address")]
    [InlineData("Fleet:Profile", "short lived", "Fleet:Profile: 'short lived' is not a profile name")]
    [InlineData("Fleet:Eab:KeyId", "kid", "Fleet:Eab:HmacKey: must be the base64url HMAC key")]
    [InlineData("Fleet:Renewal:CheckInterval", "1.00:00:00", "Fleet:Renewal:CheckInterval: '1.00:00:00' must be above zero and at most 12:00:00")]
    [InlineData("Fleet:Renewal:BackstopRemainingFraction", "1.5", "Fleet:Renewal:BackstopRemainingFraction: '1.5' must be between 0 and 1")]
    [InlineData("Fleet:Vips:0", "vip", "Fleet:Vips[0]: 'vip' is not an IP address")]
    public void Each_mistake_is_reported_with_the_field_path(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(Good) { [key] = value };

        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_fleet_reports_every_missing_part_at_once()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind([]));

        Assert.Contains(error.Failures, f => f.StartsWith("Fleet:Names:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Fleet:AcmeDirectoryUrl:", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Fleet:LoadBalancers:", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_are_bound_in_their_canonical_form_and_the_notes_say_what_changed()
    {
        var settings = new Dictionary<string, string?>(Good)
        {
            ["Fleet:Names:0"] = "Svc.Example.com.",
            ["Fleet:Names:1"] = "B\u00fccher.example",
            ["Fleet:LoadBalancers:0:ExtraName"] = "LB0.svc.example.com",
            ["Fleet:KeyType"] = "Rsa2048",
        };

        var fleet = Bind(settings);
        var notes = FleetNames.Notes(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(FleetOptions.SectionName));

        Assert.Equal(["svc.example.com", "xn--bcher-kva.example"], fleet.Names);
        Assert.Equal("lb0.svc.example.com", fleet.FindLoadBalancer("lb0")!.ExtraName);
        Assert.Equal(KeyType.Rsa2048, fleet.KeyType);
        Assert.Equal(
            [
                "Fleet:Names[0]: 'Svc.Example.com.' is used as 'svc.example.com'",
                "Fleet:Names[1]: 'B\u00fccher.example' is used as 'xn--bcher-kva.example'",
                "Fleet:LoadBalancers[0]:ExtraName: 'LB0.svc.example.com' is used as 'lb0.svc.example.com'",
            ],
            notes);
    }

    [Fact]
    public void Two_spellings_of_one_name_are_a_duplicate()
    {
        var settings = new Dictionary<string, string?>(Good) { ["Fleet:Names:1"] = "SVC.example.com." };

        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains("Fleet:Names: 'svc.example.com' appears 2 times", error.Failures);
    }

    [Fact]
    public void An_lbs_certificate_names_and_the_pem_path_come_from_the_canonical_names()
    {
        var fleet = new FleetOptions { Names = ["Svc.Example.COM.", "www.example.com"] };
        var lb = new LoadBalancerOptions { Name = "lb0", ExtraName = "WWW.example.com" };
        fleet.LoadBalancers.Add(lb);

        Assert.Equal(["svc.example.com", "www.example.com"], FleetNames.ForLoadBalancer(fleet, lb));
        Assert.Equal("/var/lib/acme/live/svc.example.com/haproxy", FleetNames.DefaultPemPath(fleet));
    }

    internal static FleetOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().Also(s => s.AddFleet(configuration)).BuildServiceProvider(validateScopes: true);
        return provider.GetRequiredService<IOptions<FleetOptions>>().Value;
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static IServiceCollection Also(this IServiceCollection services, Action<IServiceCollection> add)
    {
        add(services);
        return services;
    }
}
