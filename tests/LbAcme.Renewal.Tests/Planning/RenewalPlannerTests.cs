using LbAcme.Acme.Ari;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Planning;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Tests.Planning;

/// <summary>Every branch of the planner, with no store, CA or clock: just the facts it is handed.</summary>
public sealed class RenewalPlannerTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["svc.example.com", "lb0.svc.example.com"];
    private const string AriId = "aWQ.c2VyaWFs";

    [Fact]
    public void A_missing_certificate_is_ordered_now_and_counts_against_the_budget()
    {
        var plan = RenewalPlanner.Plan(Input(current: null, now: Issued));

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.Missing, plan.Reason);
        Assert.Null(plan.Replaces);
        Assert.True(plan.CountedAgainstBudget);
    }

    [Fact]
    public void Changed_names_renew_now_replacing_the_overlapping_certificate()
    {
        var plan = RenewalPlanner.Plan(Input(Current(names: ["svc.example.com"]), Issued.AddDays(1)));

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.NamesChanged, plan.Reason);
        Assert.Equal(AriId, plan.Replaces);
        Assert.False(plan.CountedAgainstBudget);
    }

    [Fact]
    public void A_changed_key_type_renews_now()
    {
        var plan = RenewalPlanner.Plan(Input(Current(keyType: KeyType.Rsa2048), Issued.AddDays(1)));

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.KeyTypeChanged, plan.Reason);
        Assert.Equal(AriId, plan.Replaces);
    }

    [Fact]
    public void An_open_ARI_window_renews_now_with_replaces_and_outside_the_budget()
    {
        var now = Issued.AddDays(20);
        var window = new RenewalInfo(now.AddHours(-2), now.AddHours(-1), null, now.AddHours(6));
        var full = Counted(Enumerable.Range(1, 5).Select(h => now.AddHours(-h)).ToArray());

        var plan = RenewalPlanner.Plan(Input(Current(), now) with { Ari = window, CountedIssuances = full });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.AriWindow, plan.Reason);
        Assert.Equal(AriId, plan.Replaces);
        Assert.False(plan.CountedAgainstBudget);
    }

    [Fact]
    public void A_closed_ARI_window_is_not_due_and_the_next_check_is_no_later_than_ARI_asks()
    {
        var now = Issued.AddDays(20);
        var window = new RenewalInfo(now.AddDays(30), now.AddDays(32), null, now.AddHours(3));

        var plan = RenewalPlanner.Plan(Input(Current(), now) with { Ari = window });

        Assert.Equal(RenewalPlanKind.NotDue, plan.Kind);
        Assert.Equal(now.AddHours(3), plan.Until);
    }

    [Fact]
    public void The_backstop_renews_with_replaces_once_a_third_of_the_lifetime_is_left()
    {
        var plan = RenewalPlanner.Plan(Input(Current(), Issued.AddDays(60)));

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.Backstop, plan.Reason);
        Assert.Equal(AriId, plan.Replaces);
    }

    [Fact]
    public void The_backstop_follows_the_fleets_configured_fraction()
    {
        var policy = new RenewalPolicyOptions { BackstopRemainingFraction = 0.5 };

        var plan = RenewalPlanner.Plan(Input(Current(), Issued.AddDays(46)) with { Policy = policy });

        Assert.Equal(RenewalReason.Backstop, plan.Reason);
    }

    [Fact]
    public void Forced_renews_a_certificate_that_is_not_due_and_replaces_it()
    {
        var plan = RenewalPlanner.Plan(Input(Current(), Issued.AddDays(1)) with { Force = true });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.Forced, plan.Reason);
        Assert.Equal(AriId, plan.Replaces);
        Assert.False(plan.CountedAgainstBudget);
    }

    [Fact]
    public void Forced_without_a_certificate_to_replace_counts_against_the_budget()
    {
        var plan = RenewalPlanner.Plan(Input(Current(names: ["other.example.com"]), Issued.AddDays(1)) with { Force = true });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Equal(RenewalReason.Forced, plan.Reason);
        Assert.Null(plan.Replaces);
        Assert.True(plan.CountedAgainstBudget);
    }

    [Fact]
    public void A_recorded_failure_backs_the_LB_off_until_its_next_attempt_even_when_due()
    {
        var now = Issued.AddDays(1);
        var state = new LbState { Lb = "lb0", ConsecutiveFailures = 2, NextAttempt = now.AddHours(2) };

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { State = state });

        Assert.Equal(RenewalPlanKind.BackingOff, plan.Kind);
        Assert.Equal(now.AddHours(2), plan.Until);
        Assert.Equal(plan, RenewalPlanner.HoldBack(state, now, force: false, redelivered: false));
    }

    [Fact]
    public void A_backoff_that_has_passed_holds_nothing_back()
    {
        var now = Issued.AddDays(1);
        var state = new LbState { Lb = "lb0", ConsecutiveFailures = 2, NextAttempt = now };

        Assert.Equal(RenewalPlanKind.Renew, RenewalPlanner.Plan(Input(current: null, now) with { State = state }).Kind);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void A_redelivery_or_a_forced_request_is_not_held_back_by_the_backoff(bool redelivered, bool force)
    {
        var now = Issued.AddDays(1);
        var state = new LbState { Lb = "lb0", ConsecutiveFailures = 1, NextAttempt = now.AddHours(1) };

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { State = state, Redelivered = redelivered, Force = force });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
        Assert.Null(RenewalPlanner.HoldBack(state, now, force, redelivered));
    }

    [Fact]
    public void An_exhausted_budget_defers_a_counted_order_until_the_oldest_issuance_leaves_the_window()
    {
        var now = Issued.AddDays(3);
        // The usable share of the set's 5 (4 by default, one kept back) is taken.
        var counted = Counted(now.AddDays(-6), now.AddDays(-5), now.AddDays(-4), now.AddDays(-3));

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { CountedIssuances = counted });

        Assert.Equal(RenewalPlanKind.Deferred, plan.Kind);
        Assert.Equal(RenewalReason.Missing, plan.Reason);
        Assert.Equal(now.AddDays(-6) + IssuanceBudget.Window, plan.Until);
        Assert.StartsWith("new certificates per exact set of identifiers [", plan.WaitingFor);
    }

    [Fact]
    public void Issuances_that_left_the_window_no_longer_count()
    {
        var now = Issued.AddDays(30);
        var old = Counted(Enumerable.Range(8, 5).Select(d => now.AddDays(-d)).ToArray());

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { CountedIssuances = old });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
    }

    [Fact]
    public void A_first_issuance_soon_after_another_of_the_same_name_set_waits_for_the_stagger()
    {
        var now = Issued.AddDays(3);
        var policy = new RenewalPolicyOptions { FirstIssuanceStagger = TimeSpan.FromHours(1) };

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { Policy = policy, CountedIssuances = Counted(now.AddMinutes(-20)) });

        Assert.Equal(RenewalPlanKind.Deferred, plan.Kind);
        Assert.Equal(now.AddMinutes(40), plan.Until);
    }

    [Fact]
    public void The_LBs_own_earlier_reservation_does_not_stagger_its_retry()
    {
        var now = Issued.AddDays(3);
        var own = new BudgetReservation("killed-run", now.AddMinutes(-20), "lb0");

        var plan = RenewalPlanner.Plan(Input(current: null, now) with { CountedIssuances = [own] });

        Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
    }

    [Fact]
    public void With_nothing_due_the_plan_is_to_look_again_within_the_check_interval()
    {
        var now = Issued.AddDays(1);

        var plan = RenewalPlanner.Plan(Input(Current(), now));

        Assert.Equal(RenewalPlanKind.NotDue, plan.Kind);
        Assert.Equal(now + new RenewalPolicyOptions().CheckInterval, plan.Until);
    }

    private static PlanInput Input(CurrentCertificate? current, DateTimeOffset now) => new()
    {
        State = new LbState { Lb = "lb0" },
        Current = current,
        Names = Names,
        KeyType = KeyType.EcP256,
        Now = now,
        Policy = new RenewalPolicyOptions(),
    };

    private static BudgetReservation[] Counted(params DateTimeOffset[] at) => [.. at.Select((t, i) => new BudgetReservation($"r{i}", t, $"lb{i + 1}"))];

    private static CurrentCertificate Current(string[]? names = null, KeyType keyType = KeyType.EcP256) =>
        new(names ?? Names, keyType, Issued, Issued.AddDays(90), AriId);
}
