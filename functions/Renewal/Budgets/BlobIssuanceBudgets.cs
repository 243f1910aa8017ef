using Azure.Storage.Blobs;
using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// The budgets in the shared store (budgets/ in the container), changed with optimistic concurrency so that two
/// function instances can never both take the last slot of any limit. The rules are <see cref="LimitedIssuanceBudgets"/>'s.
/// </summary>
public sealed class BlobIssuanceBudgets(BlobContainerClient container, LimitRules? rules = null, PublicSuffixList? suffixes = null) : IIssuanceBudgets
{
    private readonly LimitedIssuanceBudgets _budgets = new(new BlobBudgetDocuments(container), rules ?? LimitRules.Default, suffixes ?? PublicSuffixListFile.Default);

    public Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        _budgets.GetReservationsAsync(names, now, cancellationToken);

    public Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken) =>
        _budgets.TryReserveAsync(names, lb, now, stagger, cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken) =>
        _budgets.ReleaseAsync(names, reservation, cancellationToken);

    public Task RecordFailedValidationAsync(IReadOnlyCollection<string> names, DateTimeOffset at, CancellationToken cancellationToken) =>
        _budgets.RecordFailedValidationAsync(names, at, cancellationToken);
}
