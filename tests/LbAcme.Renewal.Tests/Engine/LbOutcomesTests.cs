using System.Text.Json;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Tests.Engine;

/// <summary>How an LB's outcome sums up its certificates' outcomes.</summary>
public sealed class LbOutcomesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_certificate_is_the_LBs_outcome_itself()
    {
        var only = new LbOutcome("lb0", LbOutcomeKind.Renewed, "Missing", null, "0A", At, null, Certificate: "default");

        var lb = LbOutcomes.Combine("lb0", [only]);

        Assert.Equal(only, lb with { Certificates = null });
        Assert.Equal(only, Assert.Single(lb.PerCertificate));
    }

    [Fact]
    public void A_failure_outranks_a_renewal_and_a_retryable_one_makes_the_LB_retryable_with_each_detail_named()
    {
        var lb = LbOutcomes.Combine("lb0",
        [
            new LbOutcome("lb0", LbOutcomeKind.Renewed, "Missing", null, "0A", At, null, Certificate: "web"),
            new LbOutcome("lb0", LbOutcomeKind.Failed, "rateLimited", "too many", null, null, At.AddHours(2), Certificate: "api"),
            new LbOutcome("lb0", LbOutcomeKind.Failed, "SelfTestFailedException", "not synced", null, null, At.AddHours(1), Retryable: true, Certificate: "img"),
            new LbOutcome("lb0", LbOutcomeKind.Deferred, "Missing", "due, but waits for a limit: x", null, null, At.AddDays(1), Certificate: "old"),
        ]);

        Assert.Equal((LbOutcomeKind.Failed, "rateLimited", true), (lb.Outcome, lb.Reason, lb.Retryable));
        Assert.Equal("api: too many; img: not synced; old: due, but waits for a limit: x", lb.Detail);
        Assert.Equal(("0A", At, At.AddHours(1)), (lb.Serial, lb.NotAfter, lb.NextCheck));
        Assert.Equal(4, lb.PerCertificate.Count);
    }

    [Theory]
    [InlineData(LbOutcomeKind.NotDue, LbOutcomeKind.Renewed, LbOutcomeKind.Renewed)]
    [InlineData(LbOutcomeKind.NotDue, LbOutcomeKind.Deferred, LbOutcomeKind.Deferred)]
    [InlineData(LbOutcomeKind.BackingOff, LbOutcomeKind.NotDue, LbOutcomeKind.BackingOff)]
    [InlineData(LbOutcomeKind.NotDue, LbOutcomeKind.NotDue, LbOutcomeKind.NotDue)]
    public void Without_a_failure_the_most_pressing_kind_wins_and_nothing_is_retryable(LbOutcomeKind first, LbOutcomeKind second, LbOutcomeKind expected)
    {
        var lb = LbOutcomes.Combine("lb0", [new("lb0", first, null, null, null, null, null, Certificate: "a"), new("lb0", second, null, null, null, null, null, Certificate: "b")]);

        Assert.Equal((expected, false), (lb.Outcome, lb.Retryable));
    }

    [Fact]
    public void An_outcome_serializes_without_holding_itself()
    {
        var only = new LbOutcome("lb0", LbOutcomeKind.NotDue, null, null, null, null, null, Certificate: "default");

        var json = JsonSerializer.Serialize(LbOutcomes.Combine("lb0", [only]));

        Assert.Contains("\"Certificates\":[{", json, StringComparison.Ordinal);
        Assert.DoesNotContain("PerCertificate", json, StringComparison.Ordinal);
    }
}
