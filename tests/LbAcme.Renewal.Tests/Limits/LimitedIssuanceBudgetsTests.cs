using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;
using LbAcme.Renewal.Tests.Budgets;

namespace LbAcme.Renewal.Tests.Limits;

/// <summary>Each counted limit is checked and taken by a reservation, refused with its sentence, and given back as the CA would.</summary>
public sealed class LimitedIssuanceBudgetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan NoStagger = TimeSpan.Zero;

    [Fact]
    public async Task A_registered_domain_takes_45_distinct_sets_a_week_and_another_domain_is_not_held_by_it()
    {
        var budgets = new InMemoryIssuanceBudgets();
        for (var i = 0; i < 45; i++)
        {
            Assert.NotNull((await budgets.TryReserveAsync([$"s{i}.example.co.uk"], "lb0", Now.AddMinutes(i), NoStagger, CancellationToken.None)).Reservation);
        }

        var refused = await budgets.TryReserveAsync(["s45.example.co.uk", "www.example.co.uk"], "lb0", Now.AddHours(1), NoStagger, CancellationToken.None);
        var elsewhere = await budgets.TryReserveAsync(["s45.example.org"], "lb0", Now.AddHours(1), NoStagger, CancellationToken.None);
        var weekLater = await budgets.TryReserveAsync(["s45.example.co.uk"], "lb0", Now.AddDays(7), NoStagger, CancellationToken.None);

        Assert.Null(refused.Reservation);
        Assert.Equal(Now.AddDays(7), refused.NextAllowed);
        Assert.Equal("new certificates per registered domain example.co.uk: the 45 of Let's Encrypt's 50 per 7 days this fleet may use are taken", refused.Limit);
        Assert.NotNull(elsewhere.Reservation);
        Assert.NotNull(weekLater.Reservation);
    }

    [Fact]
    public async Task A_certificate_over_two_registered_domains_counts_in_both()
    {
        var budgets = new InMemoryIssuanceBudgets();
        await budgets.TryReserveAsync(["a.example.com", "a.example.net", "b.example.net"], "lb0", Now, NoStagger, CancellationToken.None);

        var com = await Ledger(budgets, BudgetPaths.RegisteredDomain("example.com"));
        var net = await Ledger(budgets, BudgetPaths.RegisteredDomain("example.net"));

        Assert.Single(com!.Reservations);
        Assert.Single(net!.Reservations);
    }

    [Fact]
    public async Task The_account_takes_270_new_orders_in_three_hours()
    {
        var budgets = new InMemoryIssuanceBudgets();
        // Each order in its own private-section registered domain, so only the account's limit can refuse.
        for (var i = 0; i < 270; i++)
        {
            Assert.NotNull((await budgets.TryReserveAsync([$"svc.site{i}.github.io"], "lb0", Now.AddSeconds(i), NoStagger, CancellationToken.None)).Reservation);
        }

        var refused = await budgets.TryReserveAsync(["svc.site270.github.io"], "lb0", Now.AddMinutes(30), NoStagger, CancellationToken.None);

        Assert.Null(refused.Reservation);
        Assert.Equal(Now.AddHours(3), refused.NextAllowed);
        Assert.Equal("new orders per account of this fleet's account: the 270 of Let's Encrypt's 300 per 3 hours this fleet may use are taken", refused.Limit);
    }

    [Fact]
    public async Task Four_failed_validations_of_a_name_in_an_hour_hold_every_order_with_that_name()
    {
        var budgets = new InMemoryIssuanceBudgets();
        for (var i = 0; i < 4; i++)
        {
            await budgets.RecordFailedValidationAsync(["API.example.com", "ok.example.com"], Now.AddMinutes(10 * i), CancellationToken.None);
        }
        await budgets.RecordFailedValidationAsync(["api.example.com"], Now.AddMinutes(40), CancellationToken.None);

        var held = await budgets.TryReserveAsync(["www.example.com", "api.example.com"], "lb0", Now.AddMinutes(45), NoStagger, CancellationToken.None);
        var other = await budgets.TryReserveAsync(["www.example.com"], "lb0", Now.AddMinutes(45), NoStagger, CancellationToken.None);
        var later = await budgets.TryReserveAsync(["api.example.com"], "lb0", Now.AddMinutes(80), NoStagger, CancellationToken.None);

        Assert.Null(held.Reservation);
        // Five failures in the hour; four may be in any hour, so the second-oldest must leave: 10 minutes + 1 hour.
        Assert.Equal(Now.AddMinutes(70), held.NextAllowed);
        Assert.Equal("authorization failures per identifier per account api.example.com: the 4 of Let's Encrypt's 5 per 1 hour this fleet may use are taken", held.Limit);
        Assert.NotNull(other.Reservation);
        Assert.NotNull(later.Reservation);
    }

    [Fact]
    public async Task A_release_gives_back_the_certificate_counts_but_not_the_new_order()
    {
        var budgets = new InMemoryIssuanceBudgets();
        string[] names = ["svc.example.com"];
        var answer = await budgets.TryReserveAsync(names, "lb0", Now, NoStagger, CancellationToken.None);

        await budgets.ReleaseAsync(names, answer.Reservation!, CancellationToken.None);

        Assert.Empty(await budgets.GetReservationsAsync(names, Now, CancellationToken.None));
        Assert.Empty((await Ledger(budgets, BudgetPaths.RegisteredDomain("example.com")))!.Reservations);
        Assert.Single((await Ledger(budgets, BudgetPaths.NewOrders))!.Reservations);
    }

    [Fact]
    public async Task A_refusal_says_the_limit_that_frees_last_and_takes_nothing()
    {
        var budgets = new InMemoryIssuanceBudgets();
        string[] names = ["svc.example.com"];
        budgets.Seed(names, Now.AddDays(-6), Now.AddDays(-5), Now.AddDays(-4), Now.AddDays(-1));
        for (var i = 0; i < 4; i++)
        {
            await budgets.RecordFailedValidationAsync(names, Now.AddMinutes(-10), CancellationToken.None);
        }

        var refused = await budgets.TryReserveAsync(names, "lb0", Now, NoStagger, CancellationToken.None);

        // The set frees in a day, the failures in 50 minutes: the answer is the set's.
        Assert.Equal(Now.AddDays(1), refused.NextAllowed);
        Assert.StartsWith("new certificates per exact set of identifiers [svc.example.com]", refused.Limit);
        Assert.Null(await Ledger(budgets, BudgetPaths.NewOrders));
    }

    [Fact]
    public async Task Another_LB_of_the_same_set_waits_for_the_stagger_and_is_told_so()
    {
        var budgets = new InMemoryIssuanceBudgets();
        string[] names = ["svc.example.com"];
        await budgets.TryReserveAsync(names, "lb0", Now, TimeSpan.FromHours(1), CancellationToken.None);

        var staggered = await budgets.TryReserveAsync(names, "lb1", Now.AddMinutes(5), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(Now.AddHours(1), staggered.NextAllowed);
        Assert.Equal("stagger of 01:00:00 between LBs ordering the same set [svc.example.com]", staggered.Limit);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_usable_fraction_outside_zero_to_one_is_refused(double fraction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LimitRules.From(fraction));

    [Fact]
    public void The_default_keeps_a_tenth_of_each_limit_and_at_least_one_of_the_small_ones()
    {
        var rules = LimitRules.Default;
        Assert.Equal((270, 45, 4, 4), (rules.NewOrders, rules.PerRegisteredDomain, rules.PerExactSet, rules.FailuresPerIdentifier));
        var all = LimitRules.From(1);
        Assert.Equal((300, 50, 5, 5), (all.NewOrders, all.PerRegisteredDomain, all.PerExactSet, all.FailuresPerIdentifier));
        Assert.Equal(1, LimitRules.From(0.01).PerExactSet);
    }

    private static async Task<LimitLedger?> Ledger(InMemoryIssuanceBudgets budgets, string path) =>
        (await budgets.Documents.ReadAsync<LimitLedger>(path, CancellationToken.None)).Document;
}
