using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Render;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// The haproxy.cfg <c>lb-sidecar render</c> writes and the crt-list and PEM certificate sync writes name the same files, however
/// fleet.json spells the names: each side reads the fleet the way its command does (render without a host, sync
/// through AddFleet).
/// </summary>
public sealed class RenderAndSyncAgreementTests
{
    [Theory]
    [InlineData("Svc.Example.COM.")]
    [InlineData("svc.example.com")]
    [InlineData("B\u00fccher.Example.")]
    public void The_rendered_crt_path_is_the_path_sync_writes(string firstName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fleet:Names:0"] = firstName,
            ["Fleet:Names:1"] = "WWW.example.com",
            ["Fleet:AcmeDirectoryUrl"] = "https://acme.example/directory",
            ["Fleet:LoadBalancers:0:Name"] = "lb0",
            ["Fleet:LoadBalancers:0:Address"] = "192.0.2.10",
            ["Fleet:LoadBalancers:0:ExtraName"] = "LB0.Example.com.",
            ["Fleet:Vips:0"] = "192.0.2.100",
            ["Fleet:HaProxy:Service:Servers:0:Name"] = "app0",
            ["Fleet:HaProxy:Service:Servers:0:Address"] = "192.0.2.50",
        }).Build();

        Assert.True(FleetBinding.TryLoad(configuration.GetSection(FleetOptions.SectionName), out var rendered, out var errors), string.Join("\n", errors));
        var haproxyCfg = HaProxyConfigRenderer.Render(rendered, rendered.LoadBalancers[0]);
        using var provider = new ServiceCollection().AddFleet(configuration).Services.BuildServiceProvider(validateScopes: true);
        var sync = SyncTarget.From(provider.GetRequiredService<IOptions<FleetOptions>>().Value, new SidecarOptions { LoadBalancer = "lb0" });
        var target = Assert.Single(sync.Certificates);

        var crt = haproxyCfg.Split('\n').Single(l => l.Contains(" ssl crt-list ", StringComparison.Ordinal));
        Assert.Contains($" ssl crt-list {sync.CrtList} ", crt, StringComparison.Ordinal);
        Assert.Equal([target.PemPath], sync.CrtListEntries);
        Assert.Equal(Path.Combine("/var/lib/acme/live", DnsNameOf(firstName), "haproxy"), target.PemPath);
        Assert.Equal([DnsNameOf(firstName), "www.example.com", "lb0.example.com"], target.RequiredNames);
    }

    private static string DnsNameOf(string raw) => LbAcme.Core.Names.DnsName.Normalize(raw)!;
}
