using System.Net;
using System.Text;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Xunit;
using static LbAcme.Sidecar.Tests.Unit.ScriptedPeerClient;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The fan-out's per-source and per-peer caps with scripted peers: a flood or a hanging peer holds only its own share.</summary>
public sealed class FanOutFairnessUnitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("198.51.100.7", "::ffff:198.51.100.7")]          // IPv4 arriving mapped on a dual-stack socket
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:1:2:3")]   // one IPv6 /64
    public async Task A_source_at_its_cap_is_refused_while_another_source_still_fans_out(string flooder, string sameFlooder)
    {
        // "hang" holds nothing and never answers a miss, so every miss stays in flight until cancelled.
        var harness = FanOutHarness.Create(
            [("hang", ByToken("tok", Answers(KeyAuthorizationOf), Hangs)), ("none", Misses)],
            new PeerOptions { MaxFanOutsPerSource = 2 });
        using var flood = new CancellationTokenSource();
        var held = new[]
        {
            harness.FanOut.AskPeersAsync("miss1", new FanOutHint(null, null, IPAddress.Parse(flooder)), flood.Token),
            harness.FanOut.AskPeersAsync("miss2", new FanOutHint(null, null, IPAddress.Parse(sameFlooder)), flood.Token),
        };

        var refused = await harness.FanOut.AskPeersAsync("miss3", new FanOutHint(null, null, IPAddress.Parse(flooder)), CancellationToken.None).WaitAsync(Patience);
        var other = await harness.FanOut.AskPeersAsync("tok1", FanOutHarness.First("hang", "203.0.113.9"), CancellationToken.None).WaitAsync(Patience);
        var otherV6 = await harness.FanOut.AskPeersAsync("tok2", FanOutHarness.First("hang", "2001:db8:1:3::1"), CancellationToken.None).WaitAsync(Patience);
        await flood.CancelAsync();
        await Task.WhenAll(held).WaitAsync(Patience);

        Assert.Equal(FanOutOutcome.Overloaded, refused.Outcome);
        Assert.Equal(FanOutOutcome.Found, other.Outcome);
        Assert.Equal(FanOutOutcome.Found, otherV6.Outcome);
        Assert.Equal(0, harness.Gate.InFlight);
    }

    [Fact]
    public async Task A_hanging_peer_at_its_cap_holds_further_fan_outs_only_for_the_hedge_delay()
    {
        var harness = FanOutHarness.Create(
            [("hang", Hangs), ("good", ByToken("tok", Answers(KeyAuthorizationOf), Misses))],
            new PeerOptions { MaxRequestsPerPeer = 2, HedgeDelay = TimeSpan.FromMilliseconds(200) });
        var hang = harness.Peer("hang");
        using var flood = new CancellationTokenSource();
        var held = Enumerable.Range(0, 2)
            .Select(i => harness.FanOut.AskPeersAsync("miss" + i, FanOutHarness.First("hang", $"198.51.100.{i + 1}"), flood.Token))
            .ToArray();
        await WaitUntilAsync(() => harness.FanOut.InFlight(hang) == 2);

        // "hang" never answers: a fan-out that waited for it as for a peer under its cap would never come back.
        var hit = await harness.FanOut.AskPeersAsync("tok1", FanOutHarness.First("hang", "203.0.113.9"), CancellationToken.None).WaitAsync(Patience);
        var miss = await harness.FanOut.AskPeersAsync("miss9", FanOutHarness.First("hang", "203.0.113.10"), CancellationToken.None).WaitAsync(Patience);
        var inFlightWhileFull = harness.FanOut.InFlight(hang);
        await flood.CancelAsync();
        await Task.WhenAll(held).WaitAsync(Patience);

        Assert.Equal(FanOutOutcome.Found, hit.Outcome);
        Assert.Equal(KeyAuthorizationOf("tok1"), Encoding.ASCII.GetString(hit.KeyAuthorization.Span));
        Assert.Equal(FanOutOutcome.Overloaded, miss.Outcome); // "hang" might have held it: retry, not "no such token"
        Assert.Equal(2, inFlightWhileFull);
        Assert.Equal(4, harness.Client.Asked("hang"));
        Assert.Equal(0, harness.Gate.InFlight);
        await WaitUntilAsync(() => harness.FanOut.InFlight(hang) == 0); // a cancelled loser returns its slot as it ends, just after its fan-out
    }

    [Fact]
    public async Task A_healthy_peer_at_its_cap_is_still_asked_and_its_answer_used()
    {
        var harness = FanOutHarness.Create(
            [("busy", Answers(KeyAuthorizationOf, TimeSpan.FromMilliseconds(100))), ("none", Misses)],
            new PeerOptions { MaxRequestsPerPeer = 1, HedgeDelay = TimeSpan.FromSeconds(2) });

        var first = harness.FanOut.AskPeersAsync("tok1", FanOutHarness.First("busy"), CancellationToken.None);
        var second = await harness.FanOut.AskPeersAsync("tok2", FanOutHarness.First("busy", "203.0.113.9"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(("busy", KeyAuthorizationOf("tok2")), (second.Peer?.Name, Encoding.ASCII.GetString(second.KeyAuthorization.Span)));
        Assert.Equal(FanOutOutcome.Found, (await first.WaitAsync(Patience)).Outcome);
        Assert.Equal(2, harness.Client.Asked("busy"));
        Assert.Equal(1, harness.Client.Asked("none")); // asked alongside, not after, the peer at its cap
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition(), "the scripted fan-outs never reached the state the test needs");
    }
}
