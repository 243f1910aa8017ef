using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// One LB down — sidecar and HAProxy — while the fleet renews: the others still renew with every validation
/// going through the remaining LBs, their HAProxies serve the new certificates, and the stopped LB's failure
/// is reported with its reason.
/// </summary>
public sealed class StoppedLbTests : IAsyncLifetime
{
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync(withHaProxy: true);

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task The_other_LBs_renew_and_serve_while_the_stopped_one_fails_with_its_reason()
    {
        await _fleet.StopLoadBalancerAsync("lb2");
        // Round-robin DNS still hands out every LB; point the names at the live ones, as a health-checked DNS would.
        await _fleet.Pebble.SetARecordsAsync(LocalFleet.ServiceName, _fleet.Addresses[0].ToString());
        foreach (var lb in _fleet.LbNames)
        {
            await _fleet.Pebble.SetARecordsAsync($"{lb}.{LocalFleet.ServiceName}", _fleet.Addresses[lb == "lb0" ? 1 : 0].ToString());
        }
        await using var engine = _fleet.BuildEngine();

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("one-lb-down"), CancellationToken.None);

        foreach (var (lb, index) in new[] { ("lb0", 0), ("lb1", 1) })
        {
            var outcome = report.Outcomes.Single(o => o.Lb == lb);
            Assert.True(outcome.Outcome == LbOutcomeKind.Renewed, $"{lb}: {outcome.Outcome} {outcome.Detail}");
            Assert.Equal(outcome.Serial, await ServedSerialAsync(index, lb, outcome.Serial!));
        }
        var stopped = report.Outcomes.Single(o => o.Lb == "lb2");
        Assert.Equal(LbOutcomeKind.Failed, stopped.Outcome);
        Assert.Contains(_fleet.Addresses, a => stopped.Detail!.Contains(a.ToString(), StringComparison.Ordinal)); // names where the self-test asked
        Assert.Equal(nameof(SelfTestFailedException), stopped.Reason);
    }

    /// <summary>The serial the LB's HAProxy presents, once its sidecar has hot-swapped (bounded wait).</summary>
    private async Task<string> ServedSerialAsync(int index, string lb, string expected)
    {
        var served = string.Empty;
        for (var i = 0; i < 40 && served != expected; i++)
        {
            served = await TlsProbe.ServedSerialAsync(_fleet.HaProxies[index].Endpoint, $"{lb}.{LocalFleet.ServiceName}");
            if (served != expected)
            {
                await Task.Delay(250);
            }
        }
        return served;
    }
}
