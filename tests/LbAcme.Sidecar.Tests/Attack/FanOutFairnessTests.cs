using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding: the fan-out limit was global, so a flood of misses while one peer hung on challenge requests took every
/// fan-out slot and the CA's validations got 503. Now one source holds at most its own share, and the hanging peer
/// at most its own: another source's 20 validations all succeed during the flood.
/// </summary>
public sealed class FanOutFairnessTests(HangingPeerFleet fleet) : IClassFixture<HangingPeerFleet>
{
    [Fact]
    public async Task One_source_flooding_misses_is_refused_and_another_sources_validations_all_succeed()
    {
        var tokens = await LegitimateValidations.DepositAsync(fleet.Lb1Webroot);
        var refusedBefore = await RefusedAsync("source");
        string[] results;
        int refusedWithoutRetryAfter;
        await using (var flood = new MissFlood(fleet.Lb0.PublicUri("/"), ["127.0.0.2"], workersPerSource: HangingPeerFleet.MaxFanOuts + 8))
        {
            Assert.True(await flood.WaitUntilRefusedAsync(), "the flood never reached a cap, so this test proved nothing");
            results = await LegitimateValidations.FetchAsync(fleet.Lb0, "127.0.0.3", tokens);
            refusedWithoutRetryAfter = flood.RefusedWithoutRetryAfter;
        }

        Assert.True(results.All(r => r == "200 ok"), string.Join(", ", results));
        Assert.Equal(0, refusedWithoutRetryAfter);
        Assert.True(await RefusedAsync("source") > refusedBefore, "the flood was not refused by its per-source cap");
    }

    [Fact]
    public async Task A_peer_hanging_on_challenges_holds_only_its_own_share_while_several_sources_flood()
    {
        var tokens = await LegitimateValidations.DepositAsync(fleet.Lb1Webroot);
        string[] results;
        // Several sources together may take every fan-out slot; only the cap on the hanging peer keeps them short.
        var sources = Enumerable.Range(4, HangingPeerFleet.MaxFanOuts / HangingPeerFleet.MaxFanOutsPerSource).Select(i => $"127.0.0.{i}");
        await WaitForHangingPeerToBeReleasedAsync();
        var busyBefore = await BusyAnswersAsync();
        await using (var flood = new MissFlood(fleet.Lb0.PublicUri("/"), sources, workersPerSource: HangingPeerFleet.MaxFanOutsPerSource + 2))
        {
            Assert.True(await flood.WaitUntilRefusedAsync(), "the flood never reached a cap, so this test proved nothing");
            results = await LegitimateValidations.FetchAsync(fleet.Lb0, "127.0.0.3", tokens);
        }

        Assert.True(results.All(r => r == "200 ok"), string.Join(", ", results));
        Assert.True(await BusyAnswersAsync() > busyBefore, "the hanging peer never reached its cap, so this test proved nothing");
    }

    private async Task WaitForHangingPeerToBeReleasedAsync()
    {
        for (var i = 0; i < 100 && fleet.Hanging.Holding > 0; i++)
        {
            await Task.Delay(100);
        }
    }

    private async Task<double> BusyAnswersAsync() =>
        (await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb0.MetricsUri)).Sum("lbacme_sidecar_peer_requests_total", "peer=\"lb2\"", "result=\"busy\"");

    private async Task<double> RefusedAsync(string reason) =>
        (await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb0.MetricsUri)).Sum("lbacme_sidecar_fanouts_refused_total", $"reason=\"{reason}\"");
}
