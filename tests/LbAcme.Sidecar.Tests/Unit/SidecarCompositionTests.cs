using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Composition;
using LbAcme.Sidecar.Memory;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using LbAcme.Sidecar.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// The daemon registers a background part only when the configuration gives it work. Returning memory after load
/// is the one part every daemon has: every daemon has listeners a flood can grow.
/// </summary>
public sealed class SidecarCompositionTests
{
    [Fact]
    public void A_lone_LB_without_a_store_or_certificate_sync_runs_only_the_memory_return()
    {
        var parts = SidecarParts.From(Fleet("lb0"), new SidecarOptions { LoadBalancer = "lb0" });

        Assert.Equal(new SidecarParts(ChallengeSync: false, CertificateSync: false, PeerProbing: false), parts);
        Assert.Equal([typeof(PeriodicService<MemoryReturn>)], HostedServices(parts));
    }

    [Fact]
    public void With_peers_a_store_and_certificate_sync_each_part_runs_once()
    {
        var sidecar = new SidecarOptions { LoadBalancer = "lb0" };
        sidecar.Store.ConnectionString = "UseDevelopmentStorage=true";
        sidecar.CertificateSync.Enabled = true;

        var parts = SidecarParts.From(Fleet("lb0", "lb1"), sidecar);

        Assert.Equal(new SidecarParts(ChallengeSync: true, CertificateSync: true, PeerProbing: true), parts);
        Assert.Equal(
            [typeof(PeriodicService<MemoryReturn>), typeof(PeerProber), typeof(PeriodicService<ChallengeSync>), typeof(PeriodicService<Certificates.CertificateSync>)],
            HostedServices(parts));
    }

    private static FleetOptions Fleet(params string[] names) =>
        new() { LoadBalancers = [.. names.Select((name, i) => new LoadBalancerOptions { Name = name, Address = $"192.0.2.{i + 1}" })] };

    private static List<Type?> HostedServices(SidecarParts parts) =>
        [.. new ServiceCollection().AddSidecarDaemon(new ConfigurationBuilder().Build(), parts)
            .Where(d => d.ServiceType == typeof(IHostedService))
            .Select(d => d.ImplementationType)];
}
