using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>Per LB the worst of its addresses and its renewal; VIPs against whichever LB holds them; the fleet the worst of all.</summary>
public sealed class FleetStateTests
{
    [Fact]
    public void No_probe_yet_the_sidecars_report_stands_in_and_no_address_rows_appear()
    {
        var issued = Issued("0A", Now.AddDays(-1));
        var current = new LbStatusInput("lb0", issued, Deployed("0A", issued.NotAfter, Now.AddDays(-1)), Renewed("lb0", issued.StoredAt!.Value));
        var behind = new LbStatusInput("lb1", Issued("1B", Now.AddHours(-1)), Deployed("1A", Now.AddDays(20), Now.AddDays(-70)), null);
        var silent = new LbStatusInput("lb2", Issued("2A", Now.AddMinutes(-2)), null, null);

        var document = Evaluate(null, current, behind, silent);

        Assert.Null(document.Probe);
        Assert.Empty(document.Vips);
        Assert.All(document.LoadBalancers, l => Assert.Empty(l.Addresses));
        Assert.Equal([CertificateState.Ok, CertificateState.Stuck, CertificateState.RollingOut], document.LoadBalancers.Select(l => l.State));
        Assert.Contains("the sidecar reports deployed 0A", document.LoadBalancers[0].Summary, StringComparison.Ordinal);
        Assert.Contains("has not reported deploying it", document.LoadBalancers[2].Summary, StringComparison.Ordinal);
        Assert.Equal(CertificateState.Stuck, document.State);
    }

    [Fact]
    public void An_LB_never_issued_is_rolling_out_until_its_renewal_fails_then_failing_with_the_CAs_problem()
    {
        var bootstrap = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "B0", Now.AddDays(-1), Now.AddDays(364), selfSigned: true));
        var fresh = Evaluate(bootstrap, new LbStatusInput("lb0", null, null, new LbState { Lb = "lb0", NextCheck = Now.AddHours(1) })).LoadBalancers.Single();
        var failing = Evaluate(bootstrap, new LbStatusInput("lb0", null, null,
            Failed("lb0", 3, "rateLimited", "ACME error: urn:ietf:params:acme:error:rateLimited: too many certificates"))).LoadBalancers.Single();

        Assert.Equal(CertificateState.RollingOut, fresh.State);
        Assert.Contains("no certificate issued for lb0 yet", fresh.Summary, StringComparison.Ordinal);
        Assert.Contains("next check 2026-12-02 10:00 UTC", fresh.Action, StringComparison.Ordinal);
        Assert.Equal(CertificateState.Failing, failing.State);
        Assert.Contains("the last 3 attempts failed: ACME error: urn:ietf:params:acme:error:rateLimited", failing.Summary, StringComparison.Ordinal);
        Assert.Contains("ExtraName", failing.Action, StringComparison.Ordinal);
        Assert.Equal(3, failing.ConsecutiveFailures);
        Assert.Equal(nameof(LbOutcomeKind.Failed), failing.LastOutcome);
        Assert.Equal(CertificateState.RollingOut, failing.Addresses.Single().State);
    }

    [Theory]
    [InlineData(LbOutcomeKind.Failed, "SelfTestFailedException", "lb-sidecar check")]
    [InlineData(LbOutcomeKind.Failed, "unauthorized", "runs/lb0/")]
    [InlineData(LbOutcomeKind.Poisoned, null, "lb-renewals-poison")]
    public void A_failing_LBs_action_follows_the_kind_of_failure(LbOutcomeKind outcome, string? problemType, string actionPart)
    {
        var state = Failed("lb0", 1, problemType!, "it broke") with { LastOutcome = outcome };
        var issued = Issued("0A", Now.AddDays(-10));

        var lb = Evaluate(null, new LbStatusInput("lb0", issued, Deployed("0A", issued.NotAfter, Now.AddDays(-10)), state)).LoadBalancers.Single();

        Assert.Equal(CertificateState.Failing, lb.State);
        Assert.Contains(actionPart, lb.Action, StringComparison.Ordinal);
        Assert.Equal("it broke", lb.LastProblem);
    }

    [Fact]
    public void An_address_without_a_handshake_is_unreachable_and_outranks_a_failing_renewal()
    {
        var issued = Issued("0A", Now.AddDays(-10));
        var served = Report(
            Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, issued.NotAfter),
            Failed("127.0.0.2", ServedAddressKind.Lb, "lb0", "connection refused"));

        var lb = Evaluate(served, new LbStatusInput("lb0", issued, null, Failed("lb0", 2, "serverInternal", "CA down"))).LoadBalancers.Single();

        Assert.Equal(CertificateState.Unreachable, lb.State);
        Assert.Equal([CertificateState.Ok, CertificateState.Unreachable], lb.Addresses.Select(a => a.State));
        Assert.Null(lb.Addresses[1].Served);
        Assert.Equal("connection refused", lb.Addresses[1].Error);
        Assert.StartsWith("127.0.0.2 (svc.example): no TLS handshake", lb.Summary, StringComparison.Ordinal);
        Assert.Contains("systemctl status haproxy", lb.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void A_VIP_is_judged_against_the_LB_that_serves_the_same_leaf()
    {
        var lb0 = new LbStatusInput("lb0", Issued("0B", Now.AddHours(-1)), null, Renewed("lb0", Now.AddHours(-1)));
        var lb1 = new LbStatusInput("lb1", Issued("1A", Now.AddDays(-3)), null, Renewed("lb1", Now.AddDays(-3)));
        var served = Report(
            Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", Now.AddDays(-60), Now.AddDays(30)),
            Presented("127.0.0.2", ServedAddressKind.Lb, "lb1", "1A", Now.AddDays(-3), Now.AddDays(87)),
            Presented("192.0.2.1", ServedAddressKind.Vip, null, "1A", Now.AddDays(-3), Now.AddDays(87)),
            Presented("192.0.2.2", ServedAddressKind.Vip, null, "0A", Now.AddDays(-60), Now.AddDays(30)),
            Presented("192.0.2.3", ServedAddressKind.Vip, null, "FF", Now.AddDays(-60), Now.AddDays(30)),
            Failed("192.0.2.4", ServedAddressKind.Vip, null, "timed out"));

        var document = Evaluate(served, lb0, lb1);

        // 192.0.2.2 serves lb0's old leaf, as lb0 itself does: stuck on lb0's clock. 192.0.2.3 serves a leaf no LB is
        // known by: judged against the newest issuance (lb0's, an hour ago), stuck, with the find-the-holder action.
        Assert.Equal([CertificateState.Ok, CertificateState.Stuck, CertificateState.Stuck, CertificateState.Unreachable], document.Vips.Select(v => v.State));
        Assert.Contains("On lb0:", document.Vips[1].Action, StringComparison.Ordinal);
        Assert.Contains("ip -br addr", document.Vips[2].Action, StringComparison.Ordinal);
        Assert.Contains("keepalived holds the VIP", document.Vips[3].Action, StringComparison.Ordinal);
        Assert.All(document.Vips, v => Assert.Equal(ServedAddressKind.Vip, v.Kind));
        Assert.Equal(CertificateState.Unreachable, document.State);
        Assert.Equal(new ProbeSummary(Now.AddSeconds(-5), Now.AddSeconds(-4), 6, 1), document.Probe);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2 * 3600, false)] // exactly twice the hourly schedule
    [InlineData(2 * 3600 + 1, true)]
    public void A_run_is_overdue_after_twice_the_schedules_interval(int secondsSinceRun, bool overdue)
    {
        var runs = new RunTiming(Now.AddSeconds(-secondsSinceRun), Now.AddMinutes(17), TimeSpan.FromHours(1));

        var document = StatusEvaluator.Evaluate(new StatusInputs(Now, [], null, runs));

        Assert.Equal(overdue, document.RunOverdue);
        Assert.Equal(CertificateState.Ok, document.State);
        Assert.Equal(Now.AddMinutes(17), document.NextRun);
    }

    [Fact]
    public void A_timer_that_never_ran_or_an_unknown_schedule_is_not_overdue()
    {
        Assert.False(StatusEvaluator.Evaluate(new StatusInputs(Now, [], null, new RunTiming(null, Now, TimeSpan.FromHours(1)))).RunOverdue);
        Assert.False(StatusEvaluator.Evaluate(new StatusInputs(Now, [], null, new RunTiming(Now.AddYears(-1), null, null))).RunOverdue);
    }
}
