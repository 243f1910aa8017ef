using LbAcme.Renewal.Notifications;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>The claims in the notification state: a live one keeps a second evaluator away, one whose owner died expires.</summary>
public sealed class NotificationPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);
    private static readonly string[] Channels = ["ops"];

    [Fact]
    public void A_delivery_another_evaluator_claimed_is_left_to_it_until_the_claim_expires()
    {
        var state = new NotificationStateDocument();
        var (first, _) = NotificationPlanner.Plan(state, [Stuck()], complete: true, Channels, Day, Now, "a", ClaimFor);
        Assert.Single(first);

        var (whileClaimed, _) = NotificationPlanner.Plan(state, [Stuck()], complete: true, Channels, Day, Now.AddMinutes(1), "b", ClaimFor);
        Assert.Empty(whileClaimed);

        // "a" died without recording anything: after its claim, "b" sends.
        var (afterExpiry, changed) = NotificationPlanner.Plan(state, [Stuck()], complete: true, Channels, Day, Now + ClaimFor, "b", ClaimFor);
        Assert.True(changed);
        Assert.Equal("b", state.Subjects["lb/lb1"].Channels["ops"].Claim!.Owner);
        Assert.Single(afterExpiry);

        // The late "a" cannot record over "b"'s claim.
        NotificationPlanner.Complete(state, "a", [(first[0], true)], Channels, Now + ClaimFor);
        Assert.Equal(("ok", "b"), (state.Subjects["lb/lb1"].Channels["ops"].Condition, state.Subjects["lb/lb1"].Channels["ops"].Claim!.Owner));
    }

    [Fact]
    public void A_channel_no_longer_configured_and_a_subject_no_longer_in_the_fleet_are_forgotten()
    {
        var state = new NotificationStateDocument();
        var (deliveries, _) = NotificationPlanner.Plan(state, [Stuck()], complete: true, ["ops", "old"], Day, Now, "a", ClaimFor);
        NotificationPlanner.Complete(state, "a", deliveries.Select(d => (d, true)), ["ops", "old"], Now);

        NotificationPlanner.Plan(state, [Stuck()], complete: true, Channels, Day, Now, "a", ClaimFor);
        Assert.Equal(["ops"], state.Subjects["lb/lb1"].Channels.Keys);

        var (none, changed) = NotificationPlanner.Plan(state, [], complete: true, Channels, Day, Now, "a", ClaimFor);
        Assert.Empty(none);
        Assert.True(changed);
        Assert.Empty(state.Subjects);
    }

    private static Finding Stuck() => new("lb/lb1", "stuck", new NotificationEvent(NotificationEventKind.Stuck, NotificationSeverity.Warning, "lb1", null, "stuck", null,
        "Issued is not served", null, null, null, null, null, Now));
}
