using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// What budgets/{id}.json holds: the names (so an operator can tell which set it is) and the live reservations of
/// Let's Encrypt's per-exact-set limit. The rules live here, pure, so the blob store and the in-memory fake reserve
/// exactly alike.
/// </summary>
public sealed record BudgetDocument(IReadOnlyList<string> Names, IReadOnlyList<BudgetReservation> Reservations)
{
    private static readonly WindowLimit Limit = LetsEncryptLimits.CertificatesPerExactSet;

    /// <summary>The reservations still inside the 7-day window.</summary>
    public IReadOnlyCollection<BudgetReservation> LiveAt(DateTimeOffset now) =>
        Reservations.Where(r => r.At > now - Limit.Window).ToList();

    /// <summary>
    /// When <paramref name="lb"/> may take a slot: the usable share of 5 per 7 days, and the stagger after other LBs
    /// (so LBs sharing a set do not spend it in one minute). The LB's own earlier reservations do not stagger it: a
    /// retry after a killed or failed attempt is not a second LB crowding in.
    /// </summary>
    public static DateTimeOffset NextAllowed(IReadOnlyCollection<BudgetReservation> live, string lb, DateTimeOffset now, TimeSpan stagger, LimitRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(live);
        var next = Limit.NextAllowed(live.Select(r => r.At), now, (rules ?? LimitRules.Default).PerExactSet);
        // No stagger asked, none applied: another LB's reservation stamped a moment after this invocation read its clock
        // must not defer this one to the next run.
        if (stagger <= TimeSpan.Zero)
        {
            return next;
        }
        var others = live.Where(r => r.Lb != lb).Select(r => r.At).ToList();
        return others.Count > 0 && others.Max() + stagger > next ? others.Max() + stagger : next;
    }

    /// <summary>
    /// Null when <paramref name="lb"/> may order <paramref name="names"/> now; else when it may and why: the set's
    /// limit itself, or only the stagger behind another LB of the same set.
    /// </summary>
    public static ReservationAnswer? Refusal(IReadOnlyCollection<BudgetReservation> live, IEnumerable<string> names, string lb, DateTimeOffset now, TimeSpan stagger, LimitRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var next = NextAllowed(live, lb, now, stagger, rules);
        if (next <= now)
        {
            return null;
        }
        var set = $"[{string.Join(", ", names.Order(StringComparer.Ordinal))}]";
        return NextAllowed(live, lb, now, TimeSpan.Zero, rules) > now
            ? ReservationAnswer.Refused(next, Limit.Describe(set, rules.PerExactSet))
            : ReservationAnswer.Refused(next, $"stagger of {stagger} between LBs ordering the same set {set}");
    }

    /// <summary>The document with a new reservation for <paramref name="lb"/> at <paramref name="now"/>, or null and the time the budget frees.</summary>
    public BudgetDocument? TryReserve(string lb, DateTimeOffset now, TimeSpan stagger, out BudgetReservation? reservation, out DateTimeOffset nextAllowed, LimitRules? rules = null)
    {
        reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), now, lb);
        var changed = TryTake(reservation, stagger, rules ?? LimitRules.Default, out nextAllowed);
        reservation = changed is null ? null : reservation;
        return changed;
    }

    /// <summary>The document holding <paramref name="reservation"/>, or null (and when there will be room) when the limit or the stagger has none.</summary>
    public BudgetDocument? TryTake(BudgetReservation reservation, TimeSpan stagger, LimitRules rules, out DateTimeOffset nextAllowed)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var now = reservation.At;
        nextAllowed = NextAllowed(LiveAt(now), reservation.Lb, now, stagger, rules);
        // Reservations that left the window are dropped on every write, so the document stays small.
        return nextAllowed > now ? null : this with { Reservations = [.. Reservations.Where(r => r.At > now - Limit.Window), reservation] };
    }

    /// <summary>The document without that reservation, or null when it holds no such reservation.</summary>
    public BudgetDocument? Without(BudgetReservation reservation) => Without(reservation?.Id!);

    /// <summary>The document without the reservation of that id, or null when it holds none.</summary>
    public BudgetDocument? Without(string reservationId) =>
        Reservations.Any(r => r.Id == reservationId) ? this with { Reservations = Reservations.Where(r => r.Id != reservationId).ToList() } : null;
}
