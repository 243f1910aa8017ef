using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// The counted events of one limit's key, shared by every invocation: a registered domain's certificates (and the
/// failed validations of its names, which are checked with them), or the account's new orders. Entries older than
/// their window are dropped on every write, so a ledger holds at most about a window's worth.
/// </summary>
public sealed record LimitLedger(string Key, IReadOnlyList<BudgetReservation> Reservations, IReadOnlyList<FailedValidation>? Failures = null)
{
    private static readonly WindowLimit FailureLimit = LetsEncryptLimits.AuthorizationFailuresPerIdentifier;

    public IReadOnlyList<FailedValidation> FailuresOrEmpty => Failures ?? [];

    /// <summary>When one more event fits under <paramref name="usable"/> of <paramref name="limit"/>; now when it does.</summary>
    public DateTimeOffset NextAllowed(WindowLimit limit, int usable, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(limit);
        return limit.NextAllowed(Reservations.Select(r => r.At), now, usable);
    }

    /// <summary>The latest time any of <paramref name="names"/> is free of too many failed validations, and which name holds it.</summary>
    public (DateTimeOffset NextAllowed, string? Name) FailuresAllow(IEnumerable<string> names, int usable, DateTimeOffset now)
    {
        var (next, holding) = (now, (string?)null);
        foreach (var name in names)
        {
            var allowed = FailureLimit.NextAllowed(FailuresOrEmpty.Where(f => f.Name == name).Select(f => f.At), now, usable);
            if (allowed > next)
            {
                (next, holding) = (allowed, name);
            }
        }
        return (next, holding);
    }

    /// <summary>The ledger with <paramref name="reservation"/> added and events older than <paramref name="window"/> dropped.</summary>
    public LimitLedger With(BudgetReservation reservation, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var now = reservation.At;
        return this with { Reservations = [.. Reservations.Where(r => r.At > now - window), reservation], Failures = Recent(now) };
    }

    /// <summary>The ledger with failed validations of <paramref name="names"/> at <paramref name="at"/>.</summary>
    public LimitLedger WithFailures(IEnumerable<string> names, DateTimeOffset at) =>
        this with { Failures = [.. Recent(at), .. names.Select(n => new FailedValidation(n, at))] };

    /// <summary>The ledger without the reservation of that id, or null when it holds none.</summary>
    public LimitLedger? Without(string reservationId) =>
        Reservations.Any(r => r.Id == reservationId) ? this with { Reservations = Reservations.Where(r => r.Id != reservationId).ToList() } : null;

    private List<FailedValidation> Recent(DateTimeOffset now) => FailuresOrEmpty.Where(f => f.At > now - FailureLimit.Window).ToList();
}
