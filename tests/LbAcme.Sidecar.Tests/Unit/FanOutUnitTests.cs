using System.Text;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The fan-out's decisions with scripted peers: hedging past a silent peer, health ordering, the concurrency cap.</summary>
public sealed class FanOutUnitTests
{
    private static readonly FleetOptions Fleet = new()
    {
        LoadBalancers =
        [
            new() { Name = "self", Address = "192.0.2.1" },
            new() { Name = "silent", Address = "192.0.2.2" },
            new() { Name = "good", Address = "192.0.2.3" },
            new() { Name = "empty", Address = "192.0.2.4" },
        ],
    };

    [Fact]
    public async Task A_silent_peer_is_hedged_past_then_asked_last_and_the_key_authorization_wins()
    {
        var client = new ScriptedPeers();
        var (fanOut, health, _) = Create(client, maxFanOuts: 10);

        for (var i = 0; i < 6; i++)
        {
            var result = await fanOut.AskPeersAsync("tok", FanOutHint.None, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(FanOutOutcome.Found, result.Outcome);
            Assert.Equal("good", result.Peer?.Name);
            Assert.Equal(ScriptedPeerClient.KeyAuthorizationOf("tok"), Encoding.ASCII.GetString(result.KeyAuthorization.Span));
        }

        var silent = health.Peers.Single(p => p.Name == "silent");
        Assert.Equal(PeerState.Suspect, health.StateOf(silent));
        Assert.Equal(silent, health.Candidates()[^1]);
        Assert.True(client.Asked("silent") >= 1, "the silent peer was never asked, so hedging was not exercised");
    }

    [Fact]
    public async Task A_miss_asks_every_peer_once_and_then_gives_404()
    {
        var client = new ScriptedPeers { GoodHasToken = false, SilentAnswers = true };
        var (fanOut, _, _) = Create(client, maxFanOuts: 10);

        var result = await fanOut.AskPeersAsync("tok", FanOutHint.None, CancellationToken.None);

        Assert.Equal(FanOutOutcome.NotFound, result.Outcome);
        Assert.Equal((1, 1, 1), (client.Asked("silent"), client.Asked("good"), client.Asked("empty")));
    }

    [Fact]
    public async Task Over_the_concurrency_cap_a_fan_out_is_refused_at_once()
    {
        var client = new ScriptedPeers { GoodHasToken = false };
        var (fanOut, _, gate) = Create(client, maxFanOuts: 1);
        using var cancel = new CancellationTokenSource();

        var first = fanOut.AskPeersAsync("tok", FanOutHint.None, cancel.Token); // hangs on the silent peer until cancelled
        var second = await fanOut.AskPeersAsync("tok", FanOutHint.None, CancellationToken.None);
        await cancel.CancelAsync();
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(FanOutOutcome.Overloaded, second.Outcome);
        Assert.Equal(0, gate.InFlight);
    }

    private static (FanOut, PeerHealth, FanOutGate) Create(IPeerClient client, int maxFanOuts)
    {
        var sidecar = MsOptions.Create(new SidecarOptions
        {
            LoadBalancer = "self",
            // Long enough that a peer answering at once is never hedged past on a loaded machine (a 20 ms delay once
            // marked "empty" suspect too); "silent" never answers, so it is hedged past whatever the delay.
            Peers = new PeerOptions { HedgeDelay = TimeSpan.FromMilliseconds(250) },
            Limits = new LimitOptions { MaxConcurrentFanOuts = maxFanOuts },
        });
        var metrics = new SidecarMetrics();
        var health = new PeerHealth(new PeerDirectory(MsOptions.Create(Fleet), sidecar), metrics, sidecar, TimeProvider.System, NullLogger<PeerHealth>.Instance);
        var gate = new FanOutGate(sidecar);
        return (new FanOut(client, health, gate, metrics, sidecar, TimeProvider.System), health, gate);
    }

    /// <summary>"silent" never answers (until cancelled), "good" holds the token, "empty" answers 404.</summary>
    private sealed class ScriptedPeers : IPeerClient
    {
        private readonly Dictionary<string, int> _asked = [];

        public bool GoodHasToken { get; init; } = true;

        public bool SilentAnswers { get; init; }

        public int Asked(string peer)
        {
            lock (_asked)
            {
                return _asked.GetValueOrDefault(peer);
            }
        }

        public async Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken)
        {
            lock (_asked)
            {
                _asked[peer.Name] = _asked.GetValueOrDefault(peer.Name) + 1;
            }
            if (peer.Name == "silent" && !SilentAnswers)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return new PeerAnswer(peer, PeerResult.Canceled);
                }
            }
            await Task.Yield();
            return peer.Name == "good" && GoodHasToken
                ? new PeerAnswer(peer, PeerResult.Found, Encoding.ASCII.GetBytes(ScriptedPeerClient.KeyAuthorizationOf(token)), StatusCode: 200)
                : new PeerAnswer(peer, PeerResult.NotFound, StatusCode: 404);
        }
    }
}
