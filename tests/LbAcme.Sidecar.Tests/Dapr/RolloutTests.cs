using System.Net;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using LbAcme.DaprRollout.Rig;
using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// End to end with Store=dapr: a real HAProxy (Runtime API), the sidecar process (native when LBACME_SIDECAR_EXE is
/// set), and the Dapr double as daprd, loaded with what <c>lb-sidecar render dapr</c> wrote for the LB. A new version
/// reaches HAProxy through its event with a poll Interval far beyond the test's wait; with the event lost the poll
/// still deploys it; duplicate, late and out-of-order events never redeploy or roll back; every swap happens under a
/// request loop with no failure and HAProxy keeps its PID.
/// </summary>
[Collection(RolloutGroup.Name)]
public sealed class RolloutTests
{
    /// <summary>Longer than any wait below: whatever deploys within a test's wait is not the poll.</summary>
    private static readonly TimeSpan NoPoll = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_version_reaches_HAProxy_through_its_event_on_the_rendered_subscription_without_waiting_for_the_poll()
    {
        await using var lb = await StartAsync(NoPoll, "127.0.13.1");

        // The double found the subscription where daprd would: in the rendered subscription.yaml, scoped to this LB's
        // app id, routed to the path the sidecar serves (the sidecar's own /dapr/subscribe answers []).
        // The double runs with the rendered daprd flags: the app port render wrote is the one the sidecar listens on.
        Assert.Equal(lb.AppPort, lb.DaprdFlags.AppPort);
        Assert.Equal(DaprNames.AppId(RolloutLb.Lb), lb.DaprdFlags.AppId);
        var subscription = Assert.Single(await lb.Dapr.DiscoverAsync(CancellationToken.None));
        Assert.StartsWith($"declarative {DaprNames.Subscription} (", subscription.Origin, StringComparison.Ordinal);
        Assert.Equal((DaprNames.PubSub, DaprNames.Topic, DaprNames.EventRoute), (subscription.PubSubName, subscription.Topic, subscription.Route));

        await using var watch = new SwapWatch(lb);
        var before = await MetricsAsync(lb);
        var reads = lb.SecretReads;
        var version = lb.Issue();
        lb.Import(version);
        var delivery = await lb.PublishAsync(version, CancellationToken.None);
        Assert.Equal((DeliveryStatus.Success, DaprNames.EventRoute), (delivery.Status, delivery.Route));

        Assert.Equal(version.Serial, await ServedSerial.WaitForAsync(lb.Endpoint, RolloutLb.ServiceName, version.Serial));
        // One woken round read the secret (at most one more at the coalescing window's end); no poll came near.
        Assert.InRange(lb.SecretReads - reads, 1, 2);
        Assert.Equal(before.HotSwaps + 1, (await MetricsAsync(lb)).HotSwaps);
        await watch.AssertNoFailureAsync();
    }

    [Fact]
    public async Task With_the_event_lost_the_poll_still_deploys_the_new_version()
    {
        await using var lb = await StartAsync(TimeSpan.FromSeconds(2), "127.0.13.2");
        await using var watch = new SwapWatch(lb);
        var version = lb.Issue();

        lb.Import(version); // and no event: Event Grid, Service Bus or daprd lost it

        Assert.Equal(version.Serial, await ServedSerial.WaitForAsync(lb.Endpoint, RolloutLb.ServiceName, version.Serial));
        await watch.AssertNoFailureAsync();
    }

    [Fact]
    public async Task Duplicate_late_and_out_of_order_events_never_redeploy_or_roll_back()
    {
        await using var lb = await StartAsync(NoPoll, "127.0.13.3");
        await using var watch = new SwapWatch(lb);
        var older = lb.Initial;
        var newer = lb.Issue();
        var start = await MetricsAsync(lb);
        lb.Import(newer);
        Assert.Equal(DeliveryStatus.Success, (await lb.PublishAsync(newer, CancellationToken.None)).Status);
        Assert.Equal(newer.Serial, await ServedSerial.WaitForAsync(lb.Endpoint, RolloutLb.ServiceName, newer.Serial));
        await WaitForAsync(async () => (await MetricsAsync(lb)).HotSwaps > start.HotSwaps, "the new version's hot swap counted", lb);
        var deployed = await MetricsAsync(lb);
        var pem = await File.ReadAllTextAsync(lb.Paths.Pem);

        // The new version's event again and again (Service Bus delivers at least once): the burst wakes a round or
        // two that read the store and find the version they deployed.
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(DeliveryStatus.Success, (await lb.PublishAsync(newer, CancellationToken.None)).Status);
        }
        await QuietAsync(lb);
        var afterDuplicates = await MetricsAsync(lb);
        Assert.True(afterDuplicates.Rounds > deployed.Rounds, "the repeated events woke no round");
        Assert.Equal(deployed.Applies, afterDuplicates.Applies);

        // The old version's event arriving late, after the new one is deployed, alone: it wakes a round at once, which
        // finds the new version in the store; nothing is fetched by the event's version, nothing rolls back.
        var mark = lb.SecretReads;
        Assert.Equal(DeliveryStatus.Success, (await lb.PublishAsync(older, CancellationToken.None)).Status);
        await WaitForAsync(() => Task.FromResult(lb.SecretReads > mark), "round woken by the late event", lb);
        await WaitForAsync(async () => (await MetricsAsync(lb)).Rounds >= lb.SidecarReads, "round woken by the late event to finish", lb);
        var servedAfterLate = await TlsProbe.ServedSerialAsync(lb.Endpoint, RolloutLb.ServiceName);
        Assert.True(servedAfterLate == newer.Serial, $"served {servedAfterLate} after the late event (newer {newer.Serial}, older {older.Serial})\n{lb.Sidecar.Output}");
        var afterLate = await MetricsAsync(lb);
        Assert.Equal(deployed.Applies, afterLate.Applies);
        Assert.Equal(deployed.Refusals, afterLate.Refusals);
        Assert.Equal(pem, await File.ReadAllTextAsync(lb.Paths.Pem));

        // The store itself going back to the older version, with its event: refused as not newer, nothing rolls back.
        lb.Import(older);
        Assert.Equal(DeliveryStatus.Success, (await lb.PublishAsync(older, CancellationToken.None)).Status);
        await WaitForAsync(async () => (await MetricsAsync(lb)).Refusals > deployed.Refusals, "the older version's refusal", lb);
        Assert.Equal(newer.Serial, await TlsProbe.ServedSerialAsync(lb.Endpoint, RolloutLb.ServiceName));
        Assert.Equal(deployed.Applies, (await MetricsAsync(lb)).Applies);
        Assert.Equal(pem, await File.ReadAllTextAsync(lb.Paths.Pem));
        Assert.False(lb.Sidecar.HasExited, lb.Sidecar.Output);
        await watch.AssertNoFailureAsync();
    }

    private static Task<RolloutLb> StartAsync(TimeSpan interval, string address) =>
        RolloutLb.StartAsync(new RolloutLbOptions
        {
            Address = IPAddress.Parse(address),
            Interval = interval,
            Events = true,
            Directory = TestTools.NewScratchDirectory("dapr-rollout"),
        }, CancellationToken.None);

    private static async Task<SidecarMetrics> MetricsAsync(RolloutLb lb) =>
        await SidecarMetrics.ReadAsync(lb.Sidecar, CancellationToken.None) ?? throw new InvalidOperationException($"no metrics\n{lb.Sidecar.Output}");

    /// <summary>
    /// Returns once the sidecar is quiet: every read of the secret it made belongs to a finished round, and no read came
    /// for longer than the 2 s coalescing window (after which a burst's one extra round would have started).
    /// </summary>
    private static async Task QuietAsync(RolloutLb lb)
    {
        var quietFor = TimeSpan.FromSeconds(3);
        var reads = lb.SecretReads;
        var since = DateTime.UtcNow;
        await WaitForAsync(async () =>
        {
            if (lb.SecretReads != reads)
            {
                reads = lb.SecretReads;
                since = DateTime.UtcNow;
            }
            return DateTime.UtcNow - since > quietFor && (await MetricsAsync(lb)).Rounds >= lb.SidecarReads;
        }, "quiet spell after the events", lb);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, RolloutLb lb)
    {
        var until = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"no {what} within {Wait.TotalSeconds} s\n{lb.Sidecar.Output}");
            await Task.Delay(50);
        }
    }
}
