namespace LbAcme.Renewal.Budgets;

/// <summary>One failed validation of <see cref="Name"/> (ASCII, lower case) at <see cref="At"/>.</summary>
public sealed record FailedValidation(string Name, DateTimeOffset At);
