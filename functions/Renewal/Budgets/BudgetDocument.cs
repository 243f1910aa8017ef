using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// What budgets/{id}.json holds: the names (so an operator can tell which set it is) and the live reservations.
/// The rules live here, pure, so the blob store and the in-memory fake reserve exactly alike.
/// </summary>
public sealed record BudgetDocument(IReadOnlyList<string> Names, IReadOnlyList<BudgetReservation> Reservations)
{
    public IReadOnlyCollection<DateTimeOffset> CountedAt(DateTimeOffset now) =>
        Reservations.Where(r => r.At > now - IssuanceBudget.Window).Select(r => r.At).ToList();

    /// <summary>The document with a new reservation at <paramref name="now"/>, or null and the time the budget frees.</summary>
    public BudgetDocument? TryReserve(DateTimeOffset now, TimeSpan stagger, out BudgetReservation? reservation, out DateTimeOffset nextAllowed)
    {
        nextAllowed = IssuanceBudget.NextAllowed(CountedAt(now), now, stagger);
        if (nextAllowed > now)
        {
            reservation = null;
            return null;
        }
        reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), now);
        // Reservations that left the window are dropped on every write, so the document stays small.
        return this with { Reservations = [.. Reservations.Where(r => r.At > now - IssuanceBudget.Window), reservation] };
    }

    /// <summary>The document without that reservation, or null when it holds no such reservation.</summary>
    public BudgetDocument? Without(BudgetReservation reservation) =>
        Reservations.Any(r => r.Id == reservation.Id) ? this with { Reservations = Reservations.Where(r => r.Id != reservation.Id).ToList() } : null;
}
