using LbAcme.Acme.Ari;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;
using LbAcme.Renewal.Planning;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Store;
using LbAcme.Renewal.Tests.Budgets;
using Xunit.Abstractions;

namespace LbAcme.Renewal.Tests.Planning;

/// <summary>
/// The issue's "Done means": 50 LBs × 10 certificates with a fake clock. A timer fires every hour; every (LB,
/// certificate) subject not yet issued and no longer waiting is planned by <see cref="RenewalPlanner"/> exactly as the
/// engine does (its name set's counted issuances read first), a counted order asks the real budget
/// (<see cref="LimitedIssuanceBudgets"/> with the real Public Suffix List over an in-memory store), a refusal makes the
/// subject wait until the answer's NextAllowed (what the engine stores as WaitingUntil), and a reservation is an
/// issued certificate at once (the CA never fails here). Then every issuance instant is checked against every limit
/// over the window before it, and against Let's Encrypt's own token buckets.
/// </summary>
public sealed class FleetIssuanceScheduleTests(ITestOutputHelper output)
{
    private const int LbCount = 50;
    private const int CertificatesPerLb = 10;
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timer = TimeSpan.FromHours(1);
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(400);
    private static readonly RenewalPolicyOptions Policy = new();

    public enum Cause
    {
        FirstIssuance,
        DirectoryChange,
    }

    [Theory]
    [InlineData(Cause.FirstIssuance, true)]
    [InlineData(Cause.FirstIssuance, false)]
    [InlineData(Cause.DirectoryChange, true)]
    [InlineData(Cause.DirectoryChange, false)]
    public async Task Fifty_LBs_with_ten_certificates_each_are_all_issued_and_no_limit_is_exceeded_in_any_window(Cause cause, bool extraNames)
    {
        var fleet = Fleet(extraNames);
        var subjects = Subjects(fleet);
        var budgets = new InMemoryIssuanceBudgets();

        var schedule = await SimulateAsync(subjects, budgets, cause);

        Assert.Equal(subjects.Count, schedule.Issued.Count);
        Assert.All(schedule.Issued, i => Assert.Equal(cause == Cause.FirstIssuance ? RenewalReason.Missing : RenewalReason.DirectoryChanged, i.Reason));
        AssertNoWindowExceeded(schedule.Issued, budgets.Rules);
        AssertLetsEncryptsBucketsNeverRefuse(schedule.Issued);
        Assert.NotEmpty(schedule.Waits);
        Assert.All(schedule.Waits, w => Assert.False(string.IsNullOrEmpty(w.Limit)));

        var first = schedule.Issued.Min(i => i.At);
        var last = schedule.Issued.Max(i => i.At);
        var sets = subjects.Select(s => NameSet.Key(s.Names)).Distinct().Count();
        var line = $"{LbCount} LBs x {CertificatesPerLb} certificates ({sets} distinct name sets over {Domains(subjects).Count} registered domains): "
            + $"{(cause == Cause.FirstIssuance ? "first issuance" : "re-issue after a directory change")} spans {(last - first).TotalDays:0.0} days "
            + $"({first:yyyy-MM-dd HH:mm} to {last:yyyy-MM-dd HH:mm}, {schedule.Issued.Count} orders, {schedule.Waits.Count} deferrals; "
            + $"waits by limit: {string.Join("; ", schedule.Waits.GroupBy(w => LimitKind(w.Limit)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})";
        output.WriteLine(line);
        Console.WriteLine(line);
    }

    [Fact]
    public async Task ARI_renewals_of_the_whole_fleet_at_once_take_nothing_from_any_budget()
    {
        var subjects = Subjects(Fleet(extraNames: true));
        var budgets = new InMemoryIssuanceBudgets();
        var now = Start.AddDays(60);
        var window = new RenewalInfo(now.AddHours(-2), now.AddHours(-1), null, now.AddHours(6));
        var ordered = 0;

        foreach (var subject in subjects)
        {
            var current = new CurrentCertificate(subject.Names, KeyType.EcP256, Start, Start.AddDays(90), $"ari.{subject.Key}");
            var plan = RenewalPlanner.Plan(Input(subject, now, await budgets.GetReservationsAsync(subject.Names, now, CancellationToken.None)) with { Current = current, Ari = window });
            Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
            Assert.Equal(current.AriId, plan.Replaces);
            Assert.False(plan.CountedAgainstBudget);
            ordered++;
        }

        // 500 orders in one instant, beyond every limit's usable share, and nothing counted: LE exempts them all.
        Assert.Equal(LbCount * CertificatesPerLb, ordered);
        Assert.Null((await budgets.Documents.ReadAsync<LimitLedger>(BudgetPaths.NewOrders, CancellationToken.None)).Document);
        foreach (var domain in Domains(subjects))
        {
            Assert.Null((await budgets.Documents.ReadAsync<LimitLedger>(BudgetPaths.RegisteredDomain(domain), CancellationToken.None)).Document);
        }
    }

    private sealed record Subject(string Key, string Lb, IReadOnlyList<string> Names);

    private sealed record Issuance(Subject Subject, DateTimeOffset At, RenewalReason Reason);

    private sealed record Wait(Subject Subject, DateTimeOffset At, DateTimeOffset Until, string? Limit);

    private sealed record Schedule(List<Issuance> Issued, List<Wait> Waits);

    private static async Task<Schedule> SimulateAsync(IReadOnlyList<Subject> subjects, InMemoryIssuanceBudgets budgets, Cause cause)
    {
        var schedule = new Schedule([], []);
        var waitingUntil = new Dictionary<string, DateTimeOffset>();
        var issued = new HashSet<string>();
        for (var now = Start; now < Start + Horizon && issued.Count < subjects.Count; now += Timer)
        {
            // One invocation per LB, its certificates in turn (the engine's queue design).
            foreach (var subject in subjects.Where(s => !issued.Contains(s.Key) && waitingUntil.GetValueOrDefault(s.Key, Start) <= now))
            {
                var current = cause == Cause.DirectoryChange
                    ? new CurrentCertificate(subject.Names, KeyType.EcP256, Start.AddDays(-20), Start.AddDays(70), "old-ari-id", FromAnotherDirectory: true)
                    : null;
                var plan = RenewalPlanner.Plan(Input(subject, now, await budgets.GetReservationsAsync(subject.Names, now, CancellationToken.None)) with { Current = current });
                if (plan.Kind == RenewalPlanKind.Deferred)
                {
                    waitingUntil[subject.Key] = plan.Until!.Value;
                    schedule.Waits.Add(new Wait(subject, now, plan.Until.Value, plan.WaitingFor));
                    continue;
                }
                Assert.Equal(RenewalPlanKind.Renew, plan.Kind);
                Assert.True(plan.CountedAgainstBudget, "a first issuance and a re-issue from another directory replace nothing, so they count");
                var answer = await budgets.TryReserveAsync(subject.Names, subject.Key, now, Policy.FirstIssuanceStagger, CancellationToken.None);
                if (answer.Reservation is null)
                {
                    Assert.True(answer.NextAllowed > now, "a refusal names a later time");
                    waitingUntil[subject.Key] = answer.NextAllowed;
                    schedule.Waits.Add(new Wait(subject, now, answer.NextAllowed, answer.Limit));
                    continue;
                }
                issued.Add(subject.Key);
                schedule.Issued.Add(new Issuance(subject, now, plan.Reason));
            }
        }
        return schedule;
    }

    /// <summary>At every issuance instant, the window ending there holds no more than the usable share of each limit.</summary>
    private static void AssertNoWindowExceeded(List<Issuance> issued, LimitRules rules)
    {
        var suffixes = PublicSuffixListFile.Default;
        foreach (var at in issued.Select(i => i.At).Distinct())
        {
            var orders = issued.Count(i => InWindow(i.At, at, LetsEncryptLimits.NewOrdersPerAccount.Window));
            Assert.True(orders <= rules.NewOrders, $"{orders} new orders in the 3 hours to {at:O}");
            var week = issued.Where(i => InWindow(i.At, at, LetsEncryptLimits.CertificatesPerRegisteredDomain.Window)).ToList();
            foreach (var domain in week.GroupBy(i => i.Subject.Names.Select(n => suffixes.RegisteredDomain(n)!).Distinct()).SelectMany(g => g.Key.Select(d => (d, g.Count()))).GroupBy(x => x.d))
            {
                var count = domain.Sum(x => x.Item2);
                Assert.True(count <= rules.PerRegisteredDomain, $"{count} certificates for {domain.Key} in the 7 days to {at:O}");
            }
            foreach (var set in week.GroupBy(i => NameSet.Key(i.Subject.Names)))
            {
                Assert.True(set.Count() <= rules.PerExactSet, $"{set.Count()} certificates for [{set.Key}] in the 7 days to {at:O}");
            }
        }
    }

    /// <summary>
    /// Let's Encrypt's own accounting: a token bucket per limit key (capacity N, one token back every window/N). The
    /// sliding windows above must never let through an order a bucket would refuse.
    /// </summary>
    private static void AssertLetsEncryptsBucketsNeverRefuse(List<Issuance> issued)
    {
        var suffixes = PublicSuffixListFile.Default;
        var buckets = new Dictionary<string, (double Tokens, DateTimeOffset At)>();
        foreach (var issuance in issued.OrderBy(i => i.At))
        {
            var keys = new List<(string Key, WindowLimit Limit)> { ("account", LetsEncryptLimits.NewOrdersPerAccount), ($"set:{NameSet.Key(issuance.Subject.Names)}", LetsEncryptLimits.CertificatesPerExactSet) };
            keys.AddRange(issuance.Subject.Names.Select(n => suffixes.RegisteredDomain(n)!).Distinct().Select(d => ($"domain:{d}", LetsEncryptLimits.CertificatesPerRegisteredDomain)));
            foreach (var (key, limit) in keys)
            {
                var (tokens, at) = buckets.GetValueOrDefault(key, (limit.Count, issuance.At));
                tokens = Math.Min(limit.Count, tokens + ((issuance.At - at) / (limit.Window / limit.Count)));
                Assert.True(tokens >= 1, $"Let's Encrypt's bucket {key} would refuse the order at {issuance.At:O} ({tokens:0.00} tokens)");
                buckets[key] = (tokens - 1, issuance.At);
            }
        }
    }

    private static bool InWindow(DateTimeOffset t, DateTimeOffset end, TimeSpan window) => t > end - window && t <= end;

    /// <summary>Ten certificates over two registered domains; with extra names each LB's copy is its own name set.</summary>
    private static FleetOptions Fleet(bool extraNames) => new()
    {
        Certificates = [.. Enumerable.Range(0, CertificatesPerLb).Select(c => new CertificateOptions
        {
            Name = $"svc{c}",
            Names = c < CertificatesPerLb / 2 ? [$"svc{c}.example.com", $"www.svc{c}.example.com"] : [$"svc{c}.example.co.uk"],
            CarriesLbExtraName = extraNames,
        })],
        LoadBalancers = [.. Enumerable.Range(0, LbCount).Select(i => new LoadBalancerOptions { Name = $"lb{i:00}", ExtraName = $"lb{i:00}.lb.example.net" })],
    };

    private static List<Subject> Subjects(FleetOptions fleet) =>
        [.. fleet.LoadBalancers.SelectMany(lb => FleetCertificates.All(fleet).Select(c => new Subject(FleetCertificates.SubjectKey(lb.Name, c.Name), lb.Name, FleetCertificates.NamesFor(c, lb))))];

    private static List<string> Domains(IEnumerable<Subject> subjects) =>
        [.. subjects.SelectMany(s => s.Names).Select(n => PublicSuffixListFile.Default.RegisteredDomain(n)!).Distinct().Order(StringComparer.Ordinal)];

    private static readonly WindowLimit[] AllLimits =
        [LetsEncryptLimits.NewOrdersPerAccount, LetsEncryptLimits.CertificatesPerRegisteredDomain, LetsEncryptLimits.CertificatesPerExactSet, LetsEncryptLimits.AuthorizationFailuresPerIdentifier];

    // The limit a refusal named, without its subject (domain, set), to count the waits by limit.
    private static string LimitKind(string? limit) =>
        limit is null ? "unnamed"
        : limit.StartsWith("stagger", StringComparison.Ordinal) ? "stagger"
        : AllLimits.FirstOrDefault(l => limit.StartsWith(l.Name, StringComparison.Ordinal))?.Name ?? limit;

    private static PlanInput Input(Subject subject, DateTimeOffset now, IReadOnlyCollection<BudgetReservation> counted) => new()
    {
        State = new LbState { Lb = subject.Key },
        Names = subject.Names,
        KeyType = KeyType.EcP256,
        Now = now,
        Policy = Policy,
        CountedIssuances = counted,
    };
}
