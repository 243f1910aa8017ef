using System.Diagnostics;
using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>Tokens the renewal function deposits in the store are served by the whole fleet within seconds, and withdrawn the same way.</summary>
[Collection(ThreeSidecarFleetGroup.Name)]
public sealed class StoreTests(ThreeSidecarFleet fleet)
{
    [Fact]
    public async Task A_token_deposited_for_lb1_is_served_through_lb0_within_seconds_and_gone_after_deletion()
    {
        var token = FanOutTests.NewToken();
        await fleet.Store.PutAsync("lb1", token, token + ".from-store", CancellationToken.None);
        await fleet.Store.TouchMarkerAsync("lb1", CancellationToken.None);

        var served = await PollAsync(fleet.Sidecars[0].PublicUri("/.well-known/acme-challenge/" + token), HttpStatusCode.OK);
        Assert.True(served.Ok, $"not served within 10 s; last status {served.Last}\n{fleet.Logs()}");
        using (var response = await fleet.Http.GetAsync(fleet.Sidecars[0].PublicUri("/.well-known/acme-challenge/" + token)))
        {
            Assert.Equal(token + ".from-store", await response.Content.ReadAsStringAsync());
        }

        await fleet.Store.DeleteAsync("lb1", token, CancellationToken.None);
        await fleet.Store.TouchMarkerAsync("lb1", CancellationToken.None);
        var withdrawn = await PollAsync(fleet.Sidecars[0].PublicUri("/.well-known/acme-challenge/" + token), HttpStatusCode.NotFound);
        Assert.True(withdrawn.Ok, $"still served 10 s after deletion\n{fleet.Logs()}");
    }

    [Fact]
    public async Task An_idle_lb_reads_only_the_marker_while_nothing_changes()
    {
        var before = await MetricsScrape.ReadAsync(fleet.Http, fleet.Sidecars[2].MetricsUri);
        var after = before;
        var clock = Stopwatch.StartNew();
        // Two marker reads, however long the machine takes for them: the behaviour, not the poll rate.
        while (Count(after, "marker") - Count(before, "marker") < 2 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(250);
            after = await MetricsScrape.ReadAsync(fleet.Http, fleet.Sidecars[2].MetricsUri);
        }

        Assert.True(Count(after, "marker") - Count(before, "marker") >= 2, $"the idle LB stopped reading its marker\n{fleet.Logs()}");
        Assert.Equal(0, Count(after, "list") - Count(before, "list")); // nobody touched challenges/lb2/.marker
    }

    private static double Count(MetricsScrape metrics, string operation) =>
        metrics.Sum("lbacme_sidecar_store_requests_total", $"operation=\"{operation}\"");

    private async Task<(bool Ok, HttpStatusCode Last)> PollAsync(Uri uri, HttpStatusCode wanted)
    {
        var clock = Stopwatch.StartNew();
        var last = default(HttpStatusCode);
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var response = await fleet.Http.GetAsync(uri);
            last = response.StatusCode;
            if (last == wanted)
            {
                return (true, last);
            }
            await Task.Delay(200);
        }
        return (false, last);
    }
}
