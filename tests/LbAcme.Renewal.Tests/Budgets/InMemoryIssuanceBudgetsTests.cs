namespace LbAcme.Renewal.Tests.Budgets;

/// <summary>The reservation protocol (read, decide, conditional write, again on a lost race) without a store.</summary>
public sealed class InMemoryIssuanceBudgetsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["svc.example.com"];

    [Fact]
    public async Task Two_reservations_racing_for_the_last_slot_cannot_both_take_it()
    {
        var budgets = new InMemoryIssuanceBudgets();
        budgets.Seed(Names, Now.AddDays(-4), Now.AddDays(-3), Now.AddDays(-2), Now.AddDays(-1));
        // Both read before either writes: the worst interleaving, forced rather than hoped for. Waited for without
        // blocking a thread (a blocking barrier with a short timeout let a starved pool run the two one after the other).
        var read = 0;
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        budgets.BetweenReadAndWrite = () =>
        {
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
        Assert.Equal(Now.AddDays(-4) + Policy.IssuanceBudget.Window, refused.NextAllowed);
        Assert.Equal(1, budgets.LostRaces);
    }

    [Fact]
    public async Task Many_concurrent_reservations_take_exactly_the_five_slots()
    {
        var budgets = new InMemoryIssuanceBudgets();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => budgets.TryReserveAsync(Names, "lb0", Now, TimeSpan.Zero, CancellationToken.None))));

        Assert.Equal(5, answers.Count(a => a.Reservation is not null));
        Assert.Equal(5, (await budgets.GetReservationsAsync(Names, Now, CancellationToken.None)).Count);
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
