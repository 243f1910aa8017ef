namespace LbAcme.Renewal.Budgets;

/// <summary>
/// Let's Encrypt's counted limits (<see cref="Limits.LetsEncryptLimits"/>: new orders per account, certificates per
/// registered domain, certificates per exact name set, failed validations per name), shared by every invocation on
/// every instance: a reservation is checked and taken atomically, so two LBs cannot both take the last slot of any of
/// them. Only orders that count take a reservation; an ARI renewal (with "replaces") is exempt from all of them.
/// </summary>
public interface IIssuanceBudgets
{
    /// <summary>The set's reservations inside the window, for planning; <see cref="TryReserveAsync"/> decides.</summary>
    Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a slot for <paramref name="lb"/> (the subject: <see cref="Core.Fleet.FleetCertificates.SubjectKey"/>) at
    /// <paramref name="now"/> if every limit and the stagger allow, else says when they will and which limit waits.
    /// </summary>
    Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken);

    /// <summary>Gives a slot back when its order produced no certificate (the CA counted nothing).</summary>
    Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken);

    /// <summary>
    /// Counts a failed validation of each of <paramref name="names"/> at <paramref name="at"/> (Let's Encrypt limits
    /// failed authorizations per identifier per hour), so the next reservation for those names waits when it must.
    /// </summary>
    Task RecordFailedValidationAsync(IReadOnlyCollection<string> names, DateTimeOffset at, CancellationToken cancellationToken) => Task.CompletedTask;
}
