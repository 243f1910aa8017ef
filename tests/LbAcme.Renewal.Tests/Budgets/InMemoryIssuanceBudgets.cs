using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Tests.Budgets;

/// <summary>
/// <see cref="IIssuanceBudgets"/> in memory, for planner and orchestrator tests: the real rules
/// (<see cref="LimitedIssuanceBudgets"/>, the real Public Suffix List) over <see cref="InMemoryBudgetDocuments"/>, so a
/// test of it exercises the same read-decide-conditional-write loop as the blob store.
/// </summary>
internal sealed class InMemoryIssuanceBudgets : IIssuanceBudgets
{
    private readonly LimitedIssuanceBudgets _budgets;

    public InMemoryIssuanceBudgets(LimitRules? rules = null)
    {
        _budgets = new LimitedIssuanceBudgets(Documents, rules ?? LimitRules.Default, PublicSuffixListFile.Default);
    }

    public InMemoryBudgetDocuments Documents { get; } = new();

    public LimitRules Rules => _budgets.Rules;

    public Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        _budgets.GetReservationsAsync(names, now, cancellationToken);

    public Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken) =>
        _budgets.TryReserveAsync(names, lb, now, stagger, cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken) =>
        _budgets.ReleaseAsync(names, reservation, cancellationToken);

    public Task RecordFailedValidationAsync(IReadOnlyCollection<string> names, DateTimeOffset at, CancellationToken cancellationToken) =>
        _budgets.RecordFailedValidationAsync(names, at, cancellationToken);

    /// <summary>Puts counted issuances of another LB in a set's budget, as earlier invocations would have.</summary>
    public void Seed(IReadOnlyCollection<string> names, params DateTimeOffset[] at) =>
        Documents.Put(BudgetPaths.ExactSet(names), new BudgetDocument([.. names.Order(StringComparer.Ordinal)], [.. at.Select(t => new BudgetReservation(Guid.NewGuid().ToString("N"), t, "lb-other"))]));
}
