using System.Text;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Xunit;
using static LbAcme.Sidecar.Tests.Unit.ScriptedPeerClient;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// Which peer answer the fan-out relays: a well-formed key authorization for the token wins whoever answered first;
/// any other 200 is relayed only when no peer has one.
/// </summary>
public sealed class FanOutAnswerTests
{
    private const string Token = "tok_A1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("")]                                                          // an empty 200
    [InlineData("otherTok." + Thumbprint)]                                    // another token's key authorization
    [InlineData(Token + ".wrong")]                                            // this token, no thumbprint
    [InlineData("<html><body>" + Token + "." + Thumbprint + "</body></html>")] // a page quoting the right one
    public async Task A_bad_200_answered_first_does_not_beat_the_key_authorization(string bad)
    {
        var harness = FanOutHarness.Create([("bad", Answers(_ => bad)), ("good", Answers(KeyAuthorizationOf))]);

        var result = await harness.FanOut.AskPeersAsync(Token, FanOutHarness.First("bad"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(FanOutOutcome.Found, result.Outcome);
        Assert.Equal("good", result.Peer?.Name);
        Assert.Equal(KeyAuthorizationOf(Token), Encoding.ASCII.GetString(result.KeyAuthorization.Span));
        Assert.Equal(1, harness.Client.Asked("bad")); // it was asked first, so its answer really came first
    }

    [Fact]
    public async Task A_wrong_answer_does_not_win_while_the_real_one_is_slower_than_the_hedge_delay()
    {
        var harness = FanOutHarness.Create(
            [("wrong", Answers(_ => "otherTok." + Thumbprint)), ("slow", Answers(KeyAuthorizationOf, TimeSpan.FromMilliseconds(400))), ("none", Misses)],
            new PeerOptions { HedgeDelay = TimeSpan.FromMilliseconds(20) });

        var result = await harness.FanOut.AskPeersAsync(Token, FanOutHarness.First("wrong"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("slow", result.Peer?.Name);
        Assert.Equal(KeyAuthorizationOf(Token), Encoding.ASCII.GetString(result.KeyAuthorization.Span));
        Assert.Equal(1, harness.Client.Asked("none")); // hedged past the slow peer, and still waited for it
    }

    [Fact]
    public async Task Arbitrary_content_is_relayed_when_it_is_the_only_answer_there_is()
    {
        // The reference design's own check: "Hello World" in a webroot file named lb0, fetched through another LB.
        var harness = FanOutHarness.Create([("none", Misses), ("hello", Answers(_ => "Hello World")), ("also-none", Misses)]);

        var result = await harness.FanOut.AskPeersAsync("lb0", FanOutHint.None, CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(FanOutOutcome.Found, result.Outcome);
        Assert.Equal("hello", result.Peer?.Name);
        Assert.Equal("Hello World", Encoding.ASCII.GetString(result.KeyAuthorization.Span));
        Assert.Equal((1, 1, 1), (harness.Client.Asked("none"), harness.Client.Asked("hello"), harness.Client.Asked("also-none")));
    }

    [Fact]
    public async Task A_well_formed_answer_from_the_first_peer_costs_one_request_and_is_relayed_as_served()
    {
        var served = KeyAuthorizationOf(Token) + "\n"; // as a webroot file written by another tool may end
        var harness = FanOutHarness.Create([("good", Answers(_ => served)), ("other", Answers(_ => "Hello World")), ("none", Misses)]);

        var result = await harness.FanOut.AskPeersAsync(Token, FanOutHarness.First("good"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(served, Encoding.ASCII.GetString(result.KeyAuthorization.Span));
        Assert.Equal((1, 0, 0), (harness.Client.Asked("good"), harness.Client.Asked("other"), harness.Client.Asked("none")));
    }

    [Fact]
    public async Task The_first_of_several_fallbacks_is_relayed_after_every_peer_was_asked()
    {
        var harness = FanOutHarness.Create([("first", Answers(_ => "one")), ("second", Answers(_ => "two"))]);

        var result = await harness.FanOut.AskPeersAsync(Token, FanOutHarness.First("first"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(("first", "one"), (result.Peer?.Name, Encoding.ASCII.GetString(result.KeyAuthorization.Span)));
        Assert.Equal(1, harness.Client.Asked("second"));
    }
}
