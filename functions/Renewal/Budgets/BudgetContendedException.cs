namespace LbAcme.Renewal.Budgets;

/// <summary>Other invocations kept changing the budget blob between our read and our write, more times than we retry.</summary>
public sealed class BudgetContendedException(string blobName, int attempts)
    : Exception($"{blobName} changed under {attempts} attempts in a row to update it; a later attempt will find it calmer.");
