using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Planning;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Store;
using LbAcme.Renewal.Tests.Budgets;

namespace LbAcme.Renewal.Tests.Planning;

/// <summary>
/// A fleet whose certificates came from one ACME directory, after Fleet:AcmeDirectoryUrl moved to another: every LB
/// is due with <see cref="RenewalReason.DirectoryChanged"/>, and the orders go through the name set's budget and the
/// first-issuance stagger exactly as a first issuance of the same fleet would. Reading, planning and reserving are the
/// engine's own (<see cref="CurrentCertificates"/>, <see cref="RenewalPlanner"/>, the budget protocol); only the clock
/// and the CA are simulated.
/// </summary>
public sealed class DirectoryChangeTests
{
    private static readonly Uri DirectoryA = new("https://acme-a.example/directory");
    private static readonly Uri DirectoryB = new("https://acme-b.example/directory");
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(16);

    // No ExtraName: every LB orders the fleet's one name set, so all of them share one 5-per-7-days budget.
    private static readonly string[] Names = ["svc.example.com"];
    private static readonly string[] Lbs = ["lb0", "lb1", "lb2", "lb3", "lb4", "lb5", "lb6", "lb7"];

    // What the old CA's ARI CertID of the certificate would be: the tag a forced order must not send as "replaces".
    private const string AriId = "aWQ.c2VyaWFs";

    [Fact]
    public async Task A_changed_directory_makes_every_LB_due_and_spreads_the_orders_exactly_like_first_issuance()
    {
        using var fromA = Leaf(Start.AddDays(-10), "CN=CA A");
        var moved = await SimulateAsync(lb => Stored(lb, fromA, DirectoryA), DirectoryB);
        var first = await SimulateAsync(_ => null, DirectoryB);

        Assert.Equal(Lbs.Order(), moved.Orders.Select(o => o.Lb).Order());
        Assert.All(moved.Orders, o => Assert.Equal(RenewalReason.DirectoryChanged, o.Reason));
        Assert.All(moved.Waits, w => Assert.Equal(RenewalReason.DirectoryChanged, w.Reason));
        Assert.All(moved.Orders, o => Assert.Null(o.Replaces));
        Assert.Equal(first.Orders.Select(o => (o.Lb, o.At)), moved.Orders.Select(o => (o.Lb, o.At)));
        var times = moved.Orders.Select(o => o.At).Order().ToList();
        var stagger = new RenewalPolicyOptions().FirstIssuanceStagger;
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= stagger, $"{pair.First:O} then {pair.Second:O}: closer than the stagger"));
        Assert.All(times, t => Assert.True(times.Count(o => o > t - IssuanceBudget.Window && o <= t) <= IssuanceBudget.CertificatesPerWindow, $"more than 5 orders in the 7 days to {t:O}"));
        Assert.True(times[^1] - times[0] >= IssuanceBudget.Window, "eight LBs of one name set cannot all be ordered inside one week");
    }

    [Fact]
    public async Task An_unchanged_directory_makes_nothing_due_however_it_is_spelled()
    {
        using var fromB = Leaf(Start.AddDays(-10), "CN=CA B");
        var spelled = new Uri("HTTPS://ACME-B.example/directory/");

        var result = await SimulateAsync(lb => Stored(lb, fromB, spelled), DirectoryB);

        Assert.Empty(result.Orders);
        Assert.Empty(result.Waits);
    }

    [Fact]
    public void An_untagged_certificate_counts_as_the_current_directorys_unless_its_issuer_is_the_other_Lets_Encrypt_environment()
    {
        using var other = Leaf(Start.AddDays(-10), "CN=Some CA");
        using var staging = Leaf(Start.AddDays(-10), "CN=(STAGING) Ersatz Edamame E1, O=(STAGING) Let's Encrypt, C=US");
        using var production = Leaf(Start.AddDays(-10), "CN=E7, O=Let's Encrypt, C=US");

        Assert.False(CurrentCertificates.From(Stored("lb0", other, null), DirectoryB).FromAnotherDirectory);
        Assert.False(CurrentCertificates.From(Stored("lb0", production, null), LetsEncrypt.ProductionDirectory).FromAnotherDirectory);
        Assert.True(CurrentCertificates.From(Stored("lb0", staging, null), LetsEncrypt.ProductionDirectory).FromAnotherDirectory);
        Assert.True(CurrentCertificates.From(Stored("lb0", production, null), LetsEncrypt.StagingDirectory).FromAnotherDirectory);
        // A tag always wins over the issuer: it says where the certificate really came from.
        Assert.False(CurrentCertificates.From(Stored("lb0", staging, LetsEncrypt.StagingDirectory), LetsEncrypt.StagingDirectory).FromAnotherDirectory);
    }

    [Fact]
    public void A_forced_order_never_replaces_a_certificate_of_another_directory()
    {
        using var fromA = Leaf(Start.AddDays(-10), "CN=CA A");
        var current = CurrentCertificates.From(Stored("lb0", fromA, DirectoryA), DirectoryB);

        Assert.Equal(AriId, current.AriId);

        var plan = RenewalPlanner.Plan(Input("lb0", current, Start, []) with { Force = true });

        Assert.Equal(RenewalReason.Forced, plan.Reason);
        Assert.Null(plan.Replaces);
        Assert.True(plan.CountedAgainstBudget);
    }

    private sealed record Order(string Lb, DateTimeOffset At, RenewalReason Reason, string? Replaces);

    private sealed record Wait(string Lb, RenewalReason Reason);

    private sealed record Simulation(List<Order> Orders, List<Wait> Waits);

    /// <summary>
    /// Every <see cref="Tick"/> for <see cref="Horizon"/>, each LB not yet re-issued is planned; a counted order
    /// reserves the shared budget and, when it gets a slot, is issued at once (the CA never fails here).
    /// </summary>
    private static async Task<Simulation> SimulateAsync(Func<string, StoredCertificateInfo?> current, Uri engineDirectory)
    {
        var budgets = new InMemoryIssuanceBudgets();
        var stagger = new RenewalPolicyOptions().FirstIssuanceStagger;
        var result = new Simulation([], []);
        for (var now = Start; now < Start + Horizon; now += Tick)
        {
            foreach (var lb in Lbs.Where(lb => result.Orders.All(o => o.Lb != lb)))
            {
                var stored = current(lb);
                var counted = await budgets.GetReservationsAsync(Names, now, CancellationToken.None);
                var plan = RenewalPlanner.Plan(Input(lb, stored is null ? null : CurrentCertificates.From(stored, engineDirectory), now, counted));
                if (plan.Kind == RenewalPlanKind.Deferred)
                {
                    result.Waits.Add(new Wait(lb, plan.Reason));
                }
                if (plan.Kind != RenewalPlanKind.Renew)
                {
                    continue;
                }
                if (plan.CountedAgainstBudget && (await budgets.TryReserveAsync(Names, lb, now, stagger, CancellationToken.None)).Reservation is null)
                {
                    result.Waits.Add(new Wait(lb, plan.Reason));
                    continue;
                }
                result.Orders.Add(new Order(lb, now, plan.Reason, plan.Replaces));
            }
        }
        return result;
    }

    private static PlanInput Input(string lb, CurrentCertificate? current, DateTimeOffset now, IReadOnlyCollection<BudgetReservation> counted) => new()
    {
        State = new LbState { Lb = lb },
        Current = current,
        Names = Names,
        KeyType = KeyType.EcP256,
        Now = now,
        Policy = new RenewalPolicyOptions(),
        CountedIssuances = counted,
    };

    private static StoredCertificateInfo Stored(string lb, X509Certificate2 leaf, Uri? directory)
    {
        var tags = directory is null
            ? new Dictionary<string, string> { [CertificateTags.Lb] = lb } // as a function version before the tag wrote it
            : CertificateTags.Create(lb, leaf, directory, null, null, AriId);
        return new StoredCertificateInfo($"lbacme-{lb}", "1", leaf, tags);
    }

    /// <summary>A 90-day leaf for the fleet's names, issued by <paramref name="issuer"/> (self-signed under that name).</summary>
    private static X509Certificate2 Leaf(DateTimeOffset notBefore, string issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(issuer, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in Names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(notBefore, notBefore.AddDays(90));
    }
}
