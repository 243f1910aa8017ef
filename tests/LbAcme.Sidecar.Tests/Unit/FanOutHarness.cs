using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>A fan-out on LB "self" whose peers are the scripted ones, in the order given.</summary>
internal sealed record FanOutHarness(FanOut FanOut, PeerHealth Health, FanOutGate Gate, ScriptedPeerClient Client)
{
    public static FanOutHarness Create(IReadOnlyList<(string Name, PeerScript Script)> peers, PeerOptions? peerOptions = null, int maxFanOuts = 256)
    {
        var fleet = new FleetOptions
        {
            LoadBalancers = [new() { Name = "self", Address = "192.0.2.1" }, .. peers.Select((p, i) => new LoadBalancerOptions { Name = p.Name, Address = $"192.0.2.{i + 2}" })],
        };
        var sidecar = MsOptions.Create(new SidecarOptions
        {
            LoadBalancer = "self",
            Peers = peerOptions ?? new PeerOptions { HedgeDelay = TimeSpan.FromMilliseconds(250) },
            Limits = new LimitOptions { MaxConcurrentFanOuts = maxFanOuts },
        });
        var metrics = new SidecarMetrics();
        var health = new PeerHealth(new PeerDirectory(MsOptions.Create(fleet), sidecar), metrics, sidecar, TimeProvider.System, NullLogger<PeerHealth>.Instance);
        var gate = new FanOutGate(sidecar);
        var client = new ScriptedPeerClient(peers.ToDictionary(p => p.Name, p => p.Script));
        return new FanOutHarness(new FanOut(client, health, gate, metrics, sidecar, TimeProvider.System), health, gate, client);
    }

    public Peer Peer(string name) => Health.Peers.Single(p => p.Name == name);

    /// <summary>A hint that makes <paramref name="peer"/> the first one asked (as the self-test's owner header does).</summary>
    public static FanOutHint First(string peer, string source = "198.51.100.1") => new(null, peer, System.Net.IPAddress.Parse(source));
}
