using System.Diagnostics;
using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>
/// With a stopped peer, a blackholed peer and a peer that answers garbage, every request still gets the real
/// answer. How long they take (nginx stalls for its 5 s timeout every few requests; the sidecar costs at most the
/// hedge delay) is measured by tests/bench/fanout.sh, not asserted here against the wall clock.
/// </summary>
public sealed class FaultTests(FaultyFleet fleet) : IClassFixture<FaultyFleet>
{
    [Fact]
    public async Task With_one_peer_stopped_and_one_blackholed_every_request_still_succeeds()
    {
        var token = FanOutTests.NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Lb1Webroot, token), token + ".survivor");

        for (var i = 0; i < 20; i++)
        {
            using var response = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(token + ".survivor", await response.Content.ReadAsStringAsync());
        }
        Assert.True(fleet.Blackhole.Accepted > 0, "the blackholed peer was never tried, so this test proved nothing");
    }

    [Fact]
    public async Task Dead_peers_are_reported_down_in_the_health_gauge()
    {
        var token = FanOutTests.NewToken();
        for (var i = 0; i < 6; i++)
        {
            using var _ = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));
        }
        var clock = Stopwatch.StartNew();
        MetricsScrape metrics;
        do
        {
            await Task.Delay(250);
            metrics = await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb0.MetricsUri);
        }
        while ((metrics.Sum("lbacme_sidecar_peer_health", "peer=\"lb2\"") != 0 || metrics.Sum("lbacme_sidecar_peer_health", "peer=\"lb3\"") != 0) && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(0, metrics.Sum("lbacme_sidecar_peer_health", "peer=\"lb2\"")); // stopped: connection refused
        Assert.Equal(0, metrics.Sum("lbacme_sidecar_peer_health", "peer=\"lb3\"")); // blackholed: probe timed out
        Assert.Equal(2, metrics.Sum("lbacme_sidecar_peer_health", "peer=\"lb1\""));
    }

    [Theory]
    [InlineData("htmlPage")]
    [InlineData("hugeBody")]
    [InlineData("endlessChunks")]
    [InlineData("binaryBytes")]
    [InlineData("notHttp")]
    public async Task A_peer_answering_garbage_is_not_relayed_and_a_real_answer_still_wins(string prefix)
    {
        var onlyGarbage = prefix + FanOutTests.NewToken();
        var alsoReal = prefix + FanOutTests.NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Lb1Webroot, alsoReal), alsoReal + ".real");
        var garbageBefore = fleet.Garbage.Requests;

        using var garbage = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + onlyGarbage));
        for (var i = 0; i < 3; i++)
        {
            using var real = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + alsoReal));
            Assert.Equal(HttpStatusCode.OK, real.StatusCode);
            Assert.Equal(alsoReal + ".real", await real.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.True(fleet.Garbage.Requests > garbageBefore, "the garbage peer was never asked, so this test proved nothing");
        Assert.False(fleet.Lb0.HasExited);
    }

    [Fact]
    public async Task Check_reports_the_stopped_and_blackholed_peers_and_exits_1()
    {
        var result = await CommandRunner.RunSidecarAsync("check", "--config", fleet.ConfigPath, "--Sidecar:LoadBalancer=lb0",
            "--Sidecar:ListenAddress=127.0.3.1", "--Sidecar:Peers:ReadTimeout=00:00:01");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"lb1\s+127\.0\.3\.2:\d+\s+yes\s+\d+ ms\s+ok", result.StandardOutput);
        Assert.Matches(@"lb2\s+127\.0\.3\.3:\d+\s+no\s+\d+ ms\s+FAIL\s+error", result.StandardOutput);
        Assert.Matches(@"lb3\s+127\.0\.3\.4:\d+\s+no\s+\d+ ms\s+FAIL\s+timeout", result.StandardOutput);
    }
}
