using LbAcme.Sidecar.Commands;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The sidecar's own section, bound and validated through the same registration the daemon uses.</summary>
public sealed class SidecarOptionsValidationTests
{
    private static readonly Dictionary<string, string?> Good = new()
    {
        ["Fleet:Names:0"] = "svc.example.com",
        ["Fleet:AcmeDirectoryUrl"] = "https://acme-v02.api.letsencrypt.org/directory",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
        ["Fleet:LoadBalancers:1:Name"] = "lb1",
        ["Fleet:LoadBalancers:1:Address"] = "192.0.2.11",
        ["Sidecar:LoadBalancer"] = "lb1",
    };

    [Fact]
    public void The_defaults_match_the_reference_design()
    {
        using var provider = Build(Good);
        var errors = ConfigurationErrors.Validate(provider);
        var options = provider.GetRequiredService<IOptions<SidecarOptions>>().Value;

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Peers.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Peers.ReadTimeout);
        Assert.Equal("/var/run/acme/acme-challenge/", options.Webroot);
        Assert.Equal("::", options.ListenAddress);
        Assert.Equal("127.0.0.1:9180", options.MetricsEndpoint);
    }

    [Theory]
    [InlineData("Sidecar:LoadBalancer", "", "Sidecar:LoadBalancer: required")]
    [InlineData("Sidecar:LoadBalancer", "lb7", "Sidecar:LoadBalancer: 'lb7' is not in Fleet:LoadBalancers (lb0, lb1)")]
    [InlineData("Sidecar:ListenAddress", "any", "Sidecar:ListenAddress: 'any' is not an IP address")]
    [InlineData("Sidecar:MetricsEndpoint", "127.0.0.1:80", "Sidecar:MetricsEndpoint: port 80 is already this LB's HttpPort or PeerPort")]
    [InlineData("Sidecar:Store:Container", "Bad_Name", "Sidecar:Store:Container: 'Bad_Name' is not a blob container name")]
    [InlineData("Sidecar:StoreFullListInterval", "00:00:01", "Sidecar:StoreFullListInterval: '00:00:01' must be at least StorePollInterval")]
    [InlineData("Sidecar:Peers:ReadTimeout", "00:00:00", "Sidecar:Peers:ReadTimeout: '00:00:00' must be between")]
    [InlineData("Sidecar:Peers:MaxAnswerBytes", "10", "Sidecar:Peers:MaxAnswerBytes: 10 must be between 256 and 65536")]
    [InlineData("Sidecar:Peers:MaxFanOutsPerSource", "0", "Sidecar:Peers:MaxFanOutsPerSource: 0 must be between 1 and 100000")]
    [InlineData("Sidecar:Peers:MaxRequestsPerPeer", "0", "Sidecar:Peers:MaxRequestsPerPeer: 0 must be between 1 and 100000")]
    [InlineData("Sidecar:Peers:AllowedNetworks:0", "10.0.0.0/33", "Sidecar:Peers:AllowedNetworks[0]: '10.0.0.0/33' is not")]
    [InlineData("Sidecar:Limits:MaxConcurrentFanOuts", "0", "Sidecar:Limits:MaxConcurrentFanOuts: 0 must be between 1 and 100000")]
    [InlineData("Sidecar:Limits:MaxConnectionsPerSource", "0", "Sidecar:Limits:MaxConnectionsPerSource: 0 must be between 1 and 1000000")]
    [InlineData("Sidecar:Limits:MaxPeerConnectionsPerSource", "-1", "Sidecar:Limits:MaxPeerConnectionsPerSource: -1 must be between 1 and 1000000")]
    [InlineData("Sidecar:Peers:HedgeDelay", "banana", "Sidecar:Peers:HedgeDelay")]
    public void Each_mistake_is_reported_with_the_field_path(string key, string value, string expected)
    {
        using var provider = Build(new Dictionary<string, string?>(Good) { [key] = value });

        var errors = ConfigurationErrors.Validate(provider);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_store_credentials_at_once_are_refused()
    {
        using var provider = Build(new Dictionary<string, string?>(Good)
        {
            ["Sidecar:Store:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Sidecar:Store:ContainerSasUri"] = "https://acct.blob.core.windows.net/lb-acme?sig=x",
        });

        Assert.Contains("Sidecar:Store: give ConnectionString or ContainerSasUri, not both", ConfigurationErrors.Validate(provider));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSidecarCore(configuration).BuildServiceProvider(validateScopes: true);
    }
}
