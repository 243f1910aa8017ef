using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Tests.Budgets;

/// <summary>The reservation protocol (read, decide, conditional write, again on a lost race) without a store.</summary>
public sealed class InMemoryIssuanceBudgetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["svc.example.com"];

    [Fact]
    public async Task Without_a_stagger_a_reservation_another_lb_stamped_a_moment_later_does_not_defer_this_one()
    {
        // lb1 reserved at Now + 2 s; lb0 read its clock at Now (planning took a while) and reserves after it. With no
        // stagger asked, only the limit counts: lb0 gets a slot, not a deferral to the next run.
        var budgets = new InMemoryIssuanceBudgets();
        Assert.NotNull((await budgets.TryReserveAsync(Names, "lb1", Now.AddSeconds(2), TimeSpan.Zero, CancellationToken.None)).Reservation);
        var answer = await budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None);
        Assert.NotNull(answer.Reservation);
        // With a stagger the same order waits for it, and the refusal says it is the stagger, not the limit.
        var staggered = await budgets.TryReserveAsync(Names, "lb2", Now, TimeSpan.FromHours(1), CancellationToken.None);
        Assert.Null(staggered.Reservation);
        Assert.Equal(Now.AddSeconds(2) + TimeSpan.FromHours(1), staggered.NextAllowed);
        Assert.StartsWith("stagger of", staggered.Limit);
    }

    [Fact]
    public async Task Two_reservations_racing_for_the_last_slot_cannot_both_take_it()
    {
        var budgets = new InMemoryIssuanceBudgets();
        // The usable share of the set's 5 is 4 (one kept back): three taken, one left.
        Assert.Equal(4, budgets.Rules.PerExactSet);
        budgets.Seed(Names, Now.AddDays(-4), Now.AddDays(-3), Now.AddDays(-2));
        // Both read before either writes: the worst interleaving, forced rather than hoped for. Waited for without
        // blocking a thread (a blocking barrier with a short timeout let a starved pool run the two one after the other).
        var read = 0;
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Only the set's own document is held: the other parts (account, domain) have room for both.
        var setPath = BudgetPaths.ExactSet(Names);
        budgets.Documents.BetweenReadAndWrite = path =>
        {
            if (path != setPath)
            {
                return Task.CompletedTask;
            }
            if (Interlocked.Increment(ref read) == 2)
            {
                bothRead.TrySetResult();
            }
            return bothRead.Task.WaitAsync(TimeSpan.FromSeconds(30));
        };

        var answers = await Task.WhenAll(
            Task.Run(() => budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None)),
            Task.Run(() => budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None)));

        Assert.Single(answers, a => a.Reservation is not null);
        var refused = Assert.Single(answers, a => a.Reservation is null);
        Assert.Equal(Now.AddDays(-4) + LetsEncryptLimits.CertificatesPerExactSet.Window, refused.NextAllowed);
        Assert.StartsWith("new certificates per exact set of identifiers [svc.example.com]: the 4 of Let's Encrypt's 5 per 7 days", refused.Limit);
        Assert.Equal(1, budgets.Documents.LostRacesOn(setPath));
    }

    [Fact]
    public async Task Many_concurrent_reservations_take_exactly_the_usable_slots()
    {
        var budgets = new InMemoryIssuanceBudgets();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None))));

        Assert.Equal(4, answers.Count(a => a.Reservation is not null));
        Assert.Equal(4, (await budgets.GetReservationsAsync(Names, Now, CancellationToken.None)).Count);
        // The refused ones took the account's order count and the domain's before the set said no, and gave both back.
        var (orders, _) = await budgets.Documents.ReadAsync<LimitLedger>(BudgetPaths.NewOrders, CancellationToken.None);
        var (domain, _) = await budgets.Documents.ReadAsync<LimitLedger>(BudgetPaths.RegisteredDomain("example.com"), CancellationToken.None);
        Assert.Equal(4, orders!.Reservations.Count);
        Assert.Equal(4, domain!.Reservations.Count);
    }

    [Fact]
    public async Task A_released_reservation_frees_its_slot_and_only_its_own()
    {
        var budgets = new InMemoryIssuanceBudgets();
        var first = await budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None);
        await budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None);

        await budgets.ReleaseAsync(Names, first.Reservation!, CancellationToken.None);

        Assert.Single(await budgets.GetReservationsAsync(Names, Now, CancellationToken.None));
    }
}
