using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Budgets;

/// <summary>
/// Every counted Let's Encrypt limit, shared by every invocation on every instance through <see cref="IBudgetDocuments"/>:
/// the account's new orders, each registered domain's certificates (and its names' failed validations), and the exact
/// set's certificates with the stagger between LBs. A reservation first reads them all (a refusal names the limit that
/// frees last, as the CA's own answer does), then takes them one document at a time in a fixed order, each a
/// conditional write; if one has no room after all (another invocation took it meanwhile), the parts already taken are
/// given back. A crash between two parts leaves an entry counted that was not used: that only errs on the careful side.
/// </summary>
public sealed class LimitedIssuanceBudgets(IBudgetDocuments store, LimitRules rules, PublicSuffixList suffixes) : IIssuanceBudgets
{
    /// <summary>Attempts per document change; each lost race means another writer succeeded, so this only runs out under a crowd.</summary>
    public const int MaxAttempts = 16;

    public LimitRules Rules => rules;

    public async Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ReadSetAsync(names, cancellationToken)).LiveAt(now);

    public async Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var domains = Domains(names);
        if (await LookAsync(names, domains, lb, now, stagger, cancellationToken) is { } refused)
        {
            return refused;
        }
        var reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), now, lb);
        // The ledgers taken so far. When a later part refuses, no order was started, so even the order count goes back.
        var taken = new List<string>();
        try
        {
            var answer = await TakeLedgerAsync(BudgetPaths.NewOrders, "account", ledger => Orders(ledger, now), reservation, LetsEncryptLimits.NewOrdersPerAccount.Window, cancellationToken);
            if (answer is null)
            {
                taken.Add(BudgetPaths.NewOrders);
                foreach (var (domain, identifiers) in domains)
                {
                    answer = await TakeLedgerAsync(BudgetPaths.RegisteredDomain(domain), domain, ledger => Domain(ledger, identifiers, now), reservation, LetsEncryptLimits.CertificatesPerRegisteredDomain.Window, cancellationToken);
                    if (answer is not null)
                    {
                        break;
                    }
                    taken.Add(BudgetPaths.RegisteredDomain(domain));
                }
            }
            answer ??= await ChangeAsync<BudgetDocument, ReservationAnswer?>(BudgetPaths.ExactSet(names), () => EmptySet(names),
                set => Set(set, lb, now, stagger) is { } refused ? (null, refused) : (set.TryTake(reservation, stagger, rules, out _), null), cancellationToken);
            if (answer is null)
            {
                return new ReservationAnswer(reservation, now);
            }
            await UndoAsync(taken, reservation.Id);
            return answer;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await UndoAsync(taken, reservation.Id);
            throw;
        }
    }

    /// <summary>Gives back the certificate counts (registered domains, exact set) of an order that produced no certificate; never the order count, which the CA counted.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        foreach (var domain in Domains(names).Keys)
        {
            await ChangeAsync<LimitLedger, bool>(BudgetPaths.RegisteredDomain(domain), () => new LimitLedger(domain, []), l => (l.Without(reservation.Id), true), cancellationToken);
        }
        await ChangeAsync<BudgetDocument, bool>(BudgetPaths.ExactSet(names), () => EmptySet(names), d => (d.Without(reservation.Id), true), cancellationToken);
    }

    /// <summary>Counts a failed validation of each name in its registered domain's ledger; the next reservation of those names checks it.</summary>
    public async Task RecordFailedValidationAsync(IReadOnlyCollection<string> names, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var (domain, identifiers) in Domains(names))
        {
            await ChangeAsync<LimitLedger, bool>(BudgetPaths.RegisteredDomain(domain), () => new LimitLedger(domain, []), l => (l.WithFailures(identifiers, at), true), cancellationToken);
        }
    }

    /// <summary>The names' registered domains (a name that is itself a public suffix counts as its own, as Boulder does), each with its identifiers.</summary>
    public SortedDictionary<string, List<string>> Domains(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var domains = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var identifier in names.Select(PublicSuffixList.Identifier).Distinct(StringComparer.Ordinal))
        {
            var domain = suffixes.RegisteredDomain(identifier) ?? identifier;
            if (!domains.TryGetValue(domain, out var list))
            {
                domains[domain] = list = [];
            }
            list.Add(identifier);
        }
        return domains;
    }

    // Reads every part and refuses with the one that frees last; null when all have room now.
    private async Task<ReservationAnswer?> LookAsync(IReadOnlyCollection<string> names, SortedDictionary<string, List<string>> domains, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken)
    {
        var answers = new List<ReservationAnswer?>
        {
            Orders((await store.ReadAsync<LimitLedger>(BudgetPaths.NewOrders, cancellationToken)).Document ?? new LimitLedger("account", []), now),
        };
        foreach (var (domain, identifiers) in domains)
        {
            answers.Add(Domain((await store.ReadAsync<LimitLedger>(BudgetPaths.RegisteredDomain(domain), cancellationToken)).Document ?? new LimitLedger(domain, []), identifiers, now));
        }
        answers.Add(Set(await ReadSetAsync(names, cancellationToken), lb, now, stagger));
        return answers.OfType<ReservationAnswer>().MaxBy(a => a.NextAllowed);
    }

    private ReservationAnswer? Orders(LimitLedger ledger, DateTimeOffset now)
    {
        var limit = LetsEncryptLimits.NewOrdersPerAccount;
        var next = ledger.NextAllowed(limit, rules.NewOrders, now);
        return next > now ? ReservationAnswer.Refused(next, limit.Describe("of this fleet's account", rules.NewOrders)) : null;
    }

    private ReservationAnswer? Domain(LimitLedger ledger, IReadOnlyList<string> identifiers, DateTimeOffset now)
    {
        var limit = LetsEncryptLimits.CertificatesPerRegisteredDomain;
        var certificates = ledger.NextAllowed(limit, rules.PerRegisteredDomain, now);
        var (failures, name) = ledger.FailuresAllow(identifiers, rules.FailuresPerIdentifier, now);
        return failures > certificates && failures > now
            ? ReservationAnswer.Refused(failures, LetsEncryptLimits.AuthorizationFailuresPerIdentifier.Describe(name!, rules.FailuresPerIdentifier))
            : certificates > now ? ReservationAnswer.Refused(certificates, limit.Describe(ledger.Key, rules.PerRegisteredDomain)) : null;
    }

    private ReservationAnswer? Set(BudgetDocument set, string lb, DateTimeOffset now, TimeSpan stagger) =>
        BudgetDocument.Refusal(set.LiveAt(now), set.Names, lb, now, stagger, rules);

    // Takes one ledger part: a refusal (decided on a fresh read, inside the conditional write loop) or null when written.
    private Task<ReservationAnswer?> TakeLedgerAsync(string path, string key, Func<LimitLedger, ReservationAnswer?> refuse, BudgetReservation reservation, TimeSpan window, CancellationToken cancellationToken) =>
        ChangeAsync<LimitLedger, ReservationAnswer?>(path, () => new LimitLedger(key, []),
            ledger => refuse(ledger) is { } refused ? (null, refused) : (ledger.With(reservation, window), null), cancellationToken);

    private async Task UndoAsync(List<string> ledgers, string reservationId)
    {
        foreach (var path in ledgers)
        {
            try
            {
                await ChangeAsync<LimitLedger, bool>(path, () => new LimitLedger("", []), l => (l.Without(reservationId), true), CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Left counted: an unused entry only makes later reservations wait longer, never lets too many through.
            }
        }
    }

    private async Task<BudgetDocument> ReadSetAsync(IReadOnlyCollection<string> names, CancellationToken cancellationToken) =>
        (await store.ReadAsync<BudgetDocument>(BudgetPaths.ExactSet(names), cancellationToken)).Document ?? EmptySet(names);

    // Nothing is seeded from the per-LB state the engine kept before: no counted issuance yet for this set.
    private static BudgetDocument EmptySet(IEnumerable<string> names) => new(names.Order(StringComparer.Ordinal).ToList(), []);

    /// <summary>Read, decide (null: write nothing), conditional write; again from the read, after a short random pause, when another writer came first.</summary>
    private async Task<TAnswer> ChangeAsync<T, TAnswer>(string path, Func<T> empty, Func<T, (T? Changed, TAnswer Answer)> decide, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (document, version) = await store.ReadAsync<T>(path, cancellationToken);
            var (changed, answer) = decide(document ?? empty());
            if (changed is null || await store.TryWriteAsync(path, changed, version, cancellationToken))
            {
                return answer;
            }
            // Another invocation wrote in between: its write stands, ours is decided again on what it wrote. The pause
            // spreads writers that keep colliding on the busiest document (the account's orders).
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
        }
        throw new BudgetContendedException(path, MaxAttempts);
    }
}
