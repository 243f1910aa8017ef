using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Status;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>Issued versus served over time: rolling out up to two sync intervals after the issued version was stored, stuck after.</summary>
public sealed class RolloutStateTests
{
    private static readonly TimeSpan Default = CertificateSyncDefaults.Interval;

    [Theory]
    [InlineData(0, CertificateState.RollingOut, "polls every")]
    [InlineData(300, CertificateState.RollingOut, "polls every")] // exactly one interval
    [InlineData(301, CertificateState.RollingOut, "later than")] // between one and two: still rolling out, but late
    [InlineData(600, CertificateState.RollingOut, "later than")] // exactly two intervals
    [InlineData(601, CertificateState.Stuck, "more than two")]
    public void The_default_interval_sets_the_boundaries(int secondsSinceIssued, CertificateState expected, string summaryPart)
    {
        var address = EvaluateOld(TimeSpan.FromSeconds(secondsSinceIssued), intervalSeconds: null).Addresses.Single();

        Assert.Equal(expected, address.State);
        Assert.Contains(summaryPart, address.Summary, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(address.Action));
    }

    [Theory]
    [InlineData(60, CertificateState.RollingOut)]
    [InlineData(120, CertificateState.RollingOut)]
    [InlineData(121, CertificateState.Stuck)]
    public void The_interval_the_sidecar_reports_replaces_the_default(int secondsSinceIssued, CertificateState expected)
    {
        var lb = EvaluateOld(TimeSpan.FromSeconds(secondsSinceIssued), intervalSeconds: 60);

        Assert.Equal(expected, lb.Addresses.Single().State);
        Assert.Equal(expected, lb.State);
    }

    [Fact]
    public void Over_any_span_the_state_only_gets_worse_and_stuck_starts_after_exactly_two_intervals()
    {
        var previous = CertificateState.Ok;
        for (var seconds = 0; seconds <= 1200; seconds += 7)
        {
            var state = EvaluateOld(TimeSpan.FromSeconds(seconds), null).Addresses.Single().State;
            Assert.True(state >= previous, $"{seconds}s: {state} after {previous}");
            Assert.Equal(seconds > 2 * Default.TotalSeconds ? CertificateState.Stuck : CertificateState.RollingOut, state);
            previous = state;
        }
    }

    [Fact]
    public void Serving_the_issued_certificate_is_ok_whatever_its_age_and_serials_compare_as_numbers()
    {
        var issued = Issued("0A1B", Now.AddDays(-20));
        var lb = new LbStatusInput("lb0", issued, null, Renewed("lb0", issued.StoredAt!.Value));
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0a1b", issued.NotBefore, issued.NotAfter));

        var entry = Evaluate(served, lb).LoadBalancers.Single();

        Assert.Equal(CertificateState.Ok, entry.State);
        Assert.Null(entry.Action);
        Assert.Null(entry.Addresses.Single().Action);
        Assert.Equal(70, entry.Addresses.Single().Served!.DaysLeft);
    }

    [Fact]
    public void A_self_signed_bootstrap_certificate_is_rolling_out_then_stuck_and_never_expiring()
    {
        var issued = Issued("0A", Now.AddMinutes(-4));
        // The bootstrap certificate is one day old and one day from its end: expiry does not count for it.
        var bootstrap = Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "B00", Now.AddDays(-1), Now.AddDays(1), selfSigned: true);

        var early = Evaluate(Report(bootstrap), new LbStatusInput("lb0", issued, null, Renewed("lb0", issued.StoredAt!.Value))).Addresses().Single();
        var stale = issued with { StoredAt = Now.AddHours(-1), NotBefore = Now.AddHours(-1) };
        var late = Evaluate(Report(bootstrap), new LbStatusInput("lb0", stale, null, Renewed("lb0", stale.StoredAt!.Value))).Addresses().Single();

        Assert.Equal(CertificateState.RollingOut, early.State);
        Assert.Contains("bootstrap (self-signed)", early.Summary, StringComparison.Ordinal);
        Assert.Equal(CertificateState.Stuck, late.State);
        Assert.Contains("bootstrap (self-signed)", late.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_store_time_the_leafs_not_before_starts_the_clock()
    {
        var issued = Issued("0A", Now.AddMinutes(-11)) with { StoredAt = null };
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "09", Now.AddDays(-60), Now.AddDays(30)));

        Assert.Equal(CertificateState.Stuck, Evaluate(served, new LbStatusInput("lb0", issued, null, null)).LoadBalancers.Single().State);
    }

    [Fact]
    public void A_probe_older_than_the_issuance_defers_to_the_sidecar_that_reports_the_issued_certificate()
    {
        var issued = Issued("0A", Now.AddHours(-3));
        var oldProbe = Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "09", Now.AddDays(-60), Now.AddDays(30), probedAt: Now.AddHours(-4));
        var lb = new LbStatusInput("lb0", issued, Deployed("0A", issued.NotAfter, Now.AddHours(-2.9)), Renewed("lb0", issued.StoredAt!.Value));

        var address = Evaluate(Report(oldProbe), lb).Addresses().Single();

        Assert.Equal(CertificateState.Ok, address.State);
        Assert.Contains("after the last probe", address.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_served_chain_that_does_not_validate_or_a_name_not_covered_is_stuck_with_the_reason()
    {
        var issued = Issued("0A", Now.AddDays(-1));
        var lb = new LbStatusInput("lb0", issued, null, Renewed("lb0", issued.StoredAt!.Value));
        var badChain = Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, issued.NotAfter, chainValid: false);
        var otherName = Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, issued.NotAfter, namesCovered: false, serverName: "new.example");

        var rows = Evaluate(Report(badChain, otherName), lb).Addresses();

        Assert.All(rows, r => Assert.Equal(CertificateState.Stuck, r.State));
        Assert.Contains("partial chain", rows[0].Summary, StringComparison.Ordinal);
        Assert.Contains("Fleet:TrustedRoots", rows[0].Action, StringComparison.Ordinal);
        Assert.Contains("does not cover new.example", rows[1].Summary, StringComparison.Ordinal);
    }

    /// <summary>lb0's issued 0A was stored <paramref name="sinceIssued"/> ago; its address still serves 09.</summary>
    private static LbStatusEntry EvaluateOld(TimeSpan sinceIssued, double? intervalSeconds)
    {
        var issued = Issued("0A", Now - sinceIssued);
        var deployed = Deployed("09", Now.AddDays(60), Now.AddDays(-30), intervalSeconds);
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "09", Now.AddDays(-30), Now.AddDays(60)));
        return Evaluate(served, new LbStatusInput("lb0", issued, deployed, Renewed("lb0", issued.StoredAt!.Value))).LoadBalancers.Single();
    }
}

internal static class DocumentExtensions
{
    public static List<AddressStatusEntry> Addresses(this FleetStatusDocument document) => [.. document.LoadBalancers.SelectMany(l => l.Addresses)];
}
