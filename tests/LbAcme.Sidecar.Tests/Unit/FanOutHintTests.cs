using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>Which peer a fan-out asks first when the request says where its token lives.</summary>
public sealed class FanOutHintTests
{
    private static readonly FleetOptions Fleet = new()
    {
        LoadBalancers =
        [
            new() { Name = "lb0", Address = "192.0.2.1", ExtraName = "lb0.svc.example" },
            new() { Name = "lb1", Address = "192.0.2.2", ExtraName = "lb1.svc.example" },
            new() { Name = "lb2", Address = "192.0.2.3", ExtraName = "lb2.svc.example" },
            new() { Name = "lb3", Address = "192.0.2.4" },
            new() { Name = "lb4", Address = "192.0.2.5", ExtraName = "lb4.svc.example" },
        ],
    };

    [Theory]
    [InlineData("LB2.svc.example", null, "lb2")] // the Host is an LB's own name, any case
    [InlineData("svc.example", "lb3", "lb3")]    // the self-test's owner header
    [InlineData("lb4.svc.example", "lb1", "lb4")] // both: the identifier wins, since only lb4's order has it
    public void The_hinted_peer_is_asked_first_and_every_other_peer_still_follows(string host, string? owner, string expectedFirst)
    {
        var health = Health();
        for (var round = 0; round < 4; round++) // whatever the rotation
        {
            var candidates = health.Candidates(new FanOutHint(host, owner));
            Assert.Equal(expectedFirst, candidates[0].Name);
            Assert.Equal(["lb1", "lb2", "lb3", "lb4"], candidates.Select(p => p.Name).Order());
        }
    }

    [Fact]
    public void A_hint_naming_no_peer_or_this_lb_leaves_the_rotation_alone()
    {
        var health = Health();
        foreach (var hint in new[] { new FanOutHint("svc.example", null), new FanOutHint("lb0.svc.example", "nobody"), FanOutHint.None })
        {
            var first = health.Candidates(hint)[0].Name;
            var next = health.Candidates(hint)[0].Name;
            Assert.NotEqual(first, next); // still rotating: load spreads as without a hint
        }
    }

    [Fact]
    public async Task A_request_naming_this_lb_as_owner_asks_no_peer()
    {
        var client = new CountingPeers();
        var options = MsOptions.Create(new SidecarOptions { LoadBalancer = "lb0" });
        var metrics = new SidecarMetrics();
        var health = new PeerHealth(new PeerDirectory(MsOptions.Create(Fleet), options), metrics, options, TimeProvider.System, NullLogger<PeerHealth>.Instance);
        var fanOut = new FanOut(client, health, new FanOutGate(options), metrics, options, TimeProvider.System);

        var own = await fanOut.AskPeersAsync("tok", new FanOutHint("svc.example", "lb0"), CancellationToken.None);
        var other = await fanOut.AskPeersAsync("tok", new FanOutHint("svc.example", "lb2"), CancellationToken.None);

        Assert.Equal(FanOutOutcome.NotFound, own.Outcome);
        Assert.Equal(FanOutOutcome.NotFound, other.Outcome);
        Assert.Equal(4, client.Asked); // only the second request fanned out, to every peer
    }

    [Fact]
    public void A_down_peer_is_not_brought_back_by_a_hint()
    {
        var health = Health();
        var lb3 = health.Peers.Single(p => p.Name == "lb3");
        health.RecordProbe(new PeerAnswer(lb3, PeerResult.Error));
        Assert.Equal(PeerState.Down, health.StateOf(lb3));
        Assert.DoesNotContain(health.Candidates(new FanOutHint(null, "lb3")), p => p.Name == "lb3");
    }

    private static PeerHealth Health()
    {
        var sidecar = MsOptions.Create(new SidecarOptions { LoadBalancer = "lb0" });
        return new PeerHealth(new PeerDirectory(MsOptions.Create(Fleet), sidecar), new SidecarMetrics(), sidecar, TimeProvider.System, NullLogger<PeerHealth>.Instance);
    }

    /// <summary>Every peer answers 404 at once; counts the requests.</summary>
    private sealed class CountingPeers : IPeerClient
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return Task.FromResult(new PeerAnswer(peer, PeerResult.NotFound, StatusCode: 404));
        }
    }
}
