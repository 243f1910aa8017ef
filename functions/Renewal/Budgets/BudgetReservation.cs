namespace LbAcme.Renewal.Budgets;

/// <summary>
/// One counted issuance held in a name set's budget, by which LB; <see cref="Id"/> tells it apart from another taken
/// at the same instant.
/// </summary>
public sealed record BudgetReservation(string Id, DateTimeOffset At, string Lb);
