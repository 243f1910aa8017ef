using LbAcme.Acme.Ari;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Tests;

/// <summary>Renewal timing follows each certificate's own lifetime and the CA's ARI advice, never a fixed 90 days.</summary>
public sealed class RenewalPolicyTests
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["svc.example.com", "lb0.svc.example.com"];

    public static TheoryData<double, double> Lifetimes => new()
    {
        // lifetime in hours, renew when this many hours are left
        { 90 * 24, 30 * 24 },   // classic 90 days: a third left = 30 days
        { 64 * 24, 64 * 8 },    // from 2027-02-10: a third of 64 days
        { 45 * 24, 15 * 24 },   // tlsserver / 2028: 15 days
        { 160, 80 },            // shortlived 160 h: under 10 days, so half = 80 h
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public void The_backstop_is_a_third_of_the_lifetime_or_half_below_ten_days(double lifetimeHours, double leftHours)
    {
        var current = Current(TimeSpan.FromHours(lifetimeHours));
        var backstop = current.NotAfter - TimeSpan.FromHours(leftHours);

        var before = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari: null, backstop - TimeSpan.FromMinutes(1));
        var at = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari: null, backstop);

        Assert.False(before.Renew);
        Assert.True(before.NextCheck <= backstop, "the next check must not sleep past the backstop");
        Assert.True(at.Renew);
        Assert.Equal(RenewalReason.Backstop, at.Reason);
        Assert.Equal(current.AriId, at.Replaces);
    }

    [Fact]
    public void With_nothing_due_the_next_check_is_at_most_twelve_hours_away()
    {
        var current = Current(TimeSpan.FromDays(90));

        var decision = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari: null, Issued.AddDays(1));

        Assert.False(decision.Renew);
        Assert.Equal(Issued.AddDays(1).AddHours(12), decision.NextCheck);
    }

    [Fact]
    public void A_missing_certificate_is_ordered_now_without_replaces()
    {
        var decision = RenewalPolicy.Decide(null, Names, KeyType.EcP256, null, Issued);

        Assert.True(decision.Renew);
        Assert.Equal(RenewalReason.Missing, decision.Reason);
        Assert.Null(decision.Replaces);
    }

    [Fact]
    public void Changed_names_or_key_type_renew_at_once()
    {
        var current = Current(TimeSpan.FromDays(90));
        var now = Issued.AddDays(1);

        var names = RenewalPolicy.Decide(current, ["svc.example.com", "lb9.svc.example.com"], KeyType.EcP256, null, now);
        var key = RenewalPolicy.Decide(current, Names, KeyType.Rsa2048, null, now);
        var caseOnly = RenewalPolicy.Decide(current, ["SVC.example.com.", "lb0.svc.example.com"], KeyType.EcP256, null, now);

        Assert.Equal((true, RenewalReason.NamesChanged), (names.Renew, names.Reason));
        Assert.Equal(current.AriId, names.Replaces); // one name still matches: the replacement is ARI-exempt
        Assert.Equal((true, RenewalReason.KeyTypeChanged), (key.Renew, key.Reason));
        Assert.False(caseOnly.Renew);
    }

    [Fact]
    public void An_ARI_window_renews_at_a_stable_random_time_inside_it()
    {
        var current = Current(TimeSpan.FromDays(90));
        var ari = new RenewalInfo(Issued.AddDays(40), Issued.AddDays(42), null, Issued.AddDays(41));

        var chosen = RenewalPolicy.StableTimeInWindow(ari, current);
        var before = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari, chosen - TimeSpan.FromSeconds(1));
        var after = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari, chosen);

        Assert.InRange(chosen, ari.WindowStart, ari.WindowEnd);
        Assert.Equal(chosen, RenewalPolicy.StableTimeInWindow(ari, current));
        Assert.False(before.Renew);
        Assert.True(before.NextCheck <= chosen, "the next check must not sleep past the chosen time");
        Assert.True(after.Renew);
        Assert.Equal(RenewalReason.AriWindow, after.Reason);
        Assert.Equal(current.AriId, after.Replaces);
    }

    [Fact]
    public void A_window_moved_into_the_past_by_the_CA_means_renew_now_even_long_before_the_backstop()
    {
        var current = Current(TimeSpan.FromDays(90));
        var revokedSoon = new RenewalInfo(Issued.AddDays(2), Issued.AddDays(2).AddHours(1), null, Issued.AddDays(3));

        var decision = RenewalPolicy.Decide(current, Names, KeyType.EcP256, revokedSoon, Issued.AddDays(3));

        Assert.True(decision.Renew);
        Assert.Equal(RenewalReason.AriWindow, decision.Reason);
    }

    [Fact]
    public void ARIs_check_again_time_brings_the_next_check_forward()
    {
        var current = Current(TimeSpan.FromDays(90));
        var ari = new RenewalInfo(Issued.AddDays(60), Issued.AddDays(62), null, Issued.AddDays(1).AddHours(6));

        var decision = RenewalPolicy.Decide(current, Names, KeyType.EcP256, ari, Issued.AddDays(1));

        Assert.Equal(Issued.AddDays(1).AddHours(6), decision.NextCheck);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(6, 24)]
    [InlineData(50, 24)]
    public void Failures_back_off_exponentially_to_once_a_day(int failures, int hours)
    {
        Assert.Equal(Issued.AddHours(hours), FailureBackoff.NextAttempt(Issued, failures, retryAfter: null));
    }

    [Fact]
    public void A_longer_Retry_After_from_the_CA_wins_over_the_backoff()
    {
        Assert.Equal(Issued.AddHours(3), FailureBackoff.NextAttempt(Issued, 1, TimeSpan.FromHours(3)));
        Assert.Equal(Issued.AddHours(1), FailureBackoff.NextAttempt(Issued, 1, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void First_issuance_of_LBs_sharing_a_name_set_is_staggered_to_five_a_week()
    {
        var now = Issued.AddDays(3);
        var four = Enumerable.Range(0, 4).Select(i => Issued.AddHours(i)).ToList();
        var five = four.Append(Issued.AddHours(10)).ToList();

        Assert.Equal(now, IssuanceBudget.NextAllowed(four, now));
        Assert.Equal(Issued.AddDays(7), IssuanceBudget.NextAllowed(five, now));
        var weekLater = Issued.AddDays(7).AddMinutes(1); // the first issuance has left the window
        Assert.Equal(weekLater, IssuanceBudget.NextAllowed(five, weekLater));
    }

    private static CurrentCertificate Current(TimeSpan lifetime) =>
        new(Names, KeyType.EcP256, Issued, Issued + lifetime, "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
}
