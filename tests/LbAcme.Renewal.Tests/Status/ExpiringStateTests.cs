using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Status;
using static LbAcme.Renewal.Tests.Status.StatusScenario;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>A third of the lifetime left or 14 days, whichever comes first; the 14 days never beyond half a short lifetime.</summary>
public sealed class ExpiringStateTests
{
    [Theory]
    [InlineData(90 * 24, 30 * 24)] // a third (30 days) comes before 14 days
    [InlineData(45 * 24, 15 * 24)] // a third (15 days), still before 14 days
    [InlineData(30 * 24, 14 * 24)] // 14 days come before a third (10 days)
    [InlineData(160, 80)] // Let's Encrypt's 160-hour profile: half, not "always under 14 days"
    [InlineData(6 * 24, 3 * 24)] // 6 days
    public void The_window_is_where_the_state_turns_expiring(int lifetimeHours, int windowHours)
    {
        var lifetime = TimeSpan.FromHours(lifetimeHours);
        var window = TimeSpan.FromHours(windowHours);

        Assert.Equal(window, ExpiryWindow.For(Now, Now + lifetime));
        Assert.Equal(CertificateState.Expiring, StateWithLeft(lifetime, window));
        Assert.Equal(CertificateState.Ok, StateWithLeft(lifetime, window + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void A_fresh_six_day_certificate_is_ok_though_under_fourteen_days()
    {
        Assert.Equal(CertificateState.Ok, StateWithLeft(TimeSpan.FromDays(6), TimeSpan.FromDays(5.9)));
    }

    [Fact]
    public void An_expired_leaf_is_expiring_and_says_expired()
    {
        var issued = new IssuedCertificateEntry("0A", Now.AddDays(-91), Now.AddDays(-1), Now.AddDays(-91));
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, issued.NotAfter));

        var address = Evaluate(served, new LbStatusInput("lb0", issued, null, null)).Addresses().Single();

        Assert.Equal(CertificateState.Expiring, address.State);
        Assert.Contains("expired at", address.Summary, StringComparison.Ordinal);
        Assert.Contains("POST /api/renew/lb0", address.Action, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expiring_leaf_with_a_newer_one_issued_points_at_the_rollout()
    {
        // Issued a minute ago (rolling out), while the served leaf has 5 days left: expiring is the worse finding.
        var issued = Issued("0B", Now.AddMinutes(-1));
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", Now.AddDays(-85), Now.AddDays(5)));

        var address = Evaluate(served, new LbStatusInput("lb0", issued, null, Renewed("lb0", issued.StoredAt!.Value))).Addresses().Single();

        Assert.Equal(CertificateState.Expiring, address.State);
        Assert.Contains("newer certificate (0B)", address.Action, StringComparison.Ordinal);
    }

    /// <summary>The served (and issued) leaf of <paramref name="lifetime"/> with <paramref name="left"/> to go.</summary>
    private static CertificateState StateWithLeft(TimeSpan lifetime, TimeSpan left)
    {
        var notAfter = Now + left;
        var issued = new IssuedCertificateEntry("0A", notAfter - lifetime, notAfter, notAfter - lifetime);
        var served = Report(Presented("127.0.0.1", ServedAddressKind.Lb, "lb0", "0A", issued.NotBefore, notAfter));
        return Evaluate(served, new LbStatusInput("lb0", issued, null, null)).LoadBalancers.Single().State;
    }
}
