using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// What budgets/{id}.json holds: the names (so an operator can tell which set it is) and the live reservations.
/// The rules live here, pure, so the blob store and the in-memory fake reserve exactly alike.
/// </summary>
public sealed record BudgetDocument(IReadOnlyList<string> Names, IReadOnlyList<BudgetReservation> Reservations)
{
    /// <summary>The reservations still inside the 7-day window.</summary>
    public IReadOnlyCollection<BudgetReservation> LiveAt(DateTimeOffset now) =>
        Reservations.Where(r => r.At > now - IssuanceBudget.Window).ToList();

    /// <summary>When <paramref name="lb"/> may take a slot: the 5-per-7-days budget, and the stagger after other LBs.</summary>
    public static DateTimeOffset NextAllowed(IReadOnlyCollection<BudgetReservation> live, string lb, DateTimeOffset now, TimeSpan stagger) =>
        IssuanceBudget.NextAllowed(live.Select(r => r.At).ToList(), live.Where(r => r.Lb != lb).Select(r => r.At).ToList(), now, stagger);

    /// <summary>The document with a new reservation for <paramref name="lb"/> at <paramref name="now"/>, or null and the time the budget frees.</summary>
    public BudgetDocument? TryReserve(string lb, DateTimeOffset now, TimeSpan stagger, out BudgetReservation? reservation, out DateTimeOffset nextAllowed)
    {
        nextAllowed = NextAllowed(LiveAt(now), lb, now, stagger);
        if (nextAllowed > now)
        {
            reservation = null;
            return null;
        }
        reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), now, lb);
        // Reservations that left the window are dropped on every write, so the document stays small.
        return this with { Reservations = [.. Reservations.Where(r => r.At > now - IssuanceBudget.Window), reservation] };
    }

    /// <summary>The document without that reservation, or null when it holds no such reservation.</summary>
    public BudgetDocument? Without(BudgetReservation reservation) =>
        Reservations.Any(r => r.Id == reservation.Id) ? this with { Reservations = Reservations.Where(r => r.Id != reservation.Id).ToList() } : null;
}
