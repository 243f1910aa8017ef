using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>Peer health as a labelled state: one series per peer and state, 1 for the current one, from start.</summary>
[Collection(MetricsGroup.Name)]
public sealed class PeerStateMetricsTests(MetricsFleet fleet)
{
    private const string PeerState = "lbacme_sidecar_peer_state";
    private static readonly string[] States = ["healthy", "suspect", "down"];

    [Fact]
    public async Task Every_peer_has_one_current_state_from_start_and_a_dead_one_turns_down()
    {
        await using var sidecar = await fleet.StartAsync("lb2", ["--Sidecar:Peers:ProbeInterval=00:00:00.200"]);
        var text = await fleet.ScrapeAsync(sidecar);
        foreach (var peer in new[] { "lb0", "lb1", "lb3", "lb4" })
        {
            foreach (var state in States)
            {
                Assert.Equal(1, MetricsFleet.Count(text, PeerState, ("peer", peer), ("state", state)));
            }
            Assert.Equal(1, MetricsFleet.Value(text, PeerState, ("peer", peer)));
        }
        Assert.Equal(0, MetricsFleet.Count(text, PeerState, ("peer", "lb2"))); // itself

        // lb4 never runs: the probe of healthy peers (every eighth round) finds it refusing connections.
        text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Value(t, PeerState, ("peer", "lb4"), ("state", "down")) == 1, "lb4 down");
        Assert.Equal(0, MetricsFleet.Value(text, PeerState, ("peer", "lb4"), ("state", "healthy")));
        Assert.Equal(0, MetricsFleet.Value(text, PeerState, ("peer", "lb4"), ("state", "suspect")));
    }
}
