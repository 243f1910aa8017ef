namespace LbAcme.Renewal.Budgets;

/// <summary>
/// A reservation, or (when a limit or the stagger had no room) the time it frees and which limit it was, as a
/// sentence for the status (e.g. "new certificates per registered domain example.com: 50 per 7 days").
/// </summary>
public sealed record ReservationAnswer(BudgetReservation? Reservation, DateTimeOffset NextAllowed, string? Limit = null)
{
    public static ReservationAnswer Refused(DateTimeOffset nextAllowed, string? limit = null) => new(null, nextAllowed, limit);
}
