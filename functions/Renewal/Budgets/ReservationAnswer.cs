namespace LbAcme.Renewal.Budgets;

/// <summary>A reservation, or (when the budget or the stagger had no room) the time it frees.</summary>
public sealed record ReservationAnswer(BudgetReservation? Reservation, DateTimeOffset NextAllowed)
{
    public static ReservationAnswer Refused(DateTimeOffset nextAllowed) => new(null, nextAllowed);
}
