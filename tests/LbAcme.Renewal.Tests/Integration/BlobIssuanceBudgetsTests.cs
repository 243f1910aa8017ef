using System.Text.Json;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// The shared issuance budget on a real Azurite, as two function instances would use it: two independent clients
/// (two BlobContainerClient instances, no shared memory) racing for one blob.
/// </summary>
public sealed class BlobIssuanceBudgetsTests : IAsyncLifetime
{
    private const int Rounds = 20;
    private static readonly TimeSpan NoStagger = TimeSpan.Zero;
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await Container().CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Two_instances_racing_for_the_last_slot_never_both_get_it()
    {
        var now = DateTimeOffset.UtcNow;
        for (var round = 0; round < Rounds; round++)
        {
            // A fresh name set per round (in its own registered domain, so the rounds do not fill one domain's 45),
            // all but one of its usable slots already taken.
            string[] names = [$"svc.round{round}.example"];
            var setup = new BlobIssuanceBudgets(Container());
            for (var i = 0; i < LimitRules.Default.PerExactSet - 1; i++)
            {
                Assert.NotNull((await setup.TryReserveAsync(names, $"lb{i + 2}", now.AddMinutes(i - 10), NoStagger, CancellationToken.None)).Reservation);
            }
            var a = new BlobIssuanceBudgets(Container());
            var b = new BlobIssuanceBudgets(Container());
            using var start = new ManualResetEventSlim();
            var racers = new[] { a, b }.Select(budgets => Task.Run(async () =>
            {
                start.Wait();
                return await budgets.TryReserveAsync(names, budgets == a ? "lb0" : "lb1", now, NoStagger, CancellationToken.None);
            })).ToArray();
            start.Set();
            var answers = await Task.WhenAll(racers);

            Assert.Single(answers, x => x.Reservation is not null);
            Assert.Single(answers, x => x.Reservation is null && x.NextAllowed > now);
            Assert.Equal(LimitRules.Default.PerExactSet, (await setup.GetReservationsAsync(names, now, CancellationToken.None)).Count);
        }
    }

    [Fact]
    public async Task A_write_based_on_a_stale_read_is_refused_and_decided_again_on_the_new_content()
    {
        string[] names = ["stale.svc.example.com"];
        var now = DateTimeOffset.UtcNow;
        var a = new BlobIssuanceBudgets(Container());
        var b = new BlobIssuanceBudgets(Container());
        for (var i = 0; i < LimitRules.Default.PerExactSet - 1; i++)
        {
            await a.TryReserveAsync(names, $"lb{i + 2}", now.AddHours(i - 10), NoStagger, CancellationToken.None);
        }

        // b takes the last usable slot; a, asked afterwards, must see it (a cache or a blind overwrite would hand out one more).
        var taken = await b.TryReserveAsync(names, "lb1", now, NoStagger, CancellationToken.None);
        var refused = await a.TryReserveAsync(names, "lb0", now, NoStagger, CancellationToken.None);

        Assert.NotNull(taken.Reservation);
        Assert.Null(refused.Reservation);
        Assert.Equal(now.AddHours(-10) + LetsEncryptLimits.CertificatesPerExactSet.Window, refused.NextAllowed);
    }

    [Fact]
    public async Task Another_LB_is_staggered_the_same_LB_is_not_a_release_frees_the_slot_and_the_blob_names_its_set()
    {
        string[] names = ["b.svc.example.com", "a.svc.example.com"];
        var budgets = new BlobIssuanceBudgets(Container());
        var now = DateTimeOffset.UtcNow;
        var first = await budgets.TryReserveAsync(names, "lb0", now, TimeSpan.FromHours(1), CancellationToken.None);
        var staggered = await budgets.TryReserveAsync(names, "lb1", now.AddMinutes(10), TimeSpan.FromHours(1), CancellationToken.None);
        var sameLbAgain = await budgets.TryReserveAsync(names, "lb0", now.AddMinutes(10), TimeSpan.FromHours(1), CancellationToken.None);

        await budgets.ReleaseAsync(names, first.Reservation!, CancellationToken.None);
        await budgets.ReleaseAsync(names, sameLbAgain.Reservation!, CancellationToken.None);
        var afterRelease = await budgets.TryReserveAsync(names, "lb1", now.AddMinutes(10), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Null(staggered.Reservation);
        Assert.NotNull(sameLbAgain.Reservation);
        Assert.Equal(now.AddHours(1), staggered.NextAllowed);
        Assert.NotNull(afterRelease.Reservation);
        var blob = Container().GetBlobClient(StoreLayout.Budget(NameSet.Id(names)));
        Assert.Matches("^budgets/[0-9a-f]{64}\\.json$", blob.Name);
        using var json = JsonDocument.Parse((await blob.DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal(["a.svc.example.com", "b.svc.example.com"], json.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Single(json.RootElement.GetProperty("reservations").EnumerateArray());
    }

    [Fact]
    public async Task Two_instances_ordering_distinct_sets_of_one_registered_domain_never_take_more_than_its_share()
    {
        // A tenth of each limit: 5 certificates for the domain, 30 orders for the account.
        var rules = LimitRules.From(0.1);
        var now = DateTimeOffset.UtcNow;
        var a = new BlobIssuanceBudgets(Container(), rules);
        var b = new BlobIssuanceBudgets(Container(), rules);

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).TryReserveAsync([$"s{i}.shared.example.co.uk"], $"lb{i}", now, NoStagger, CancellationToken.None))));

        Assert.Equal(5, answers.Count(x => x.Reservation is not null));
        Assert.All(answers.Where(x => x.Reservation is null), x => Assert.StartsWith("new certificates per registered domain example.co.uk: the 5 of Let's Encrypt's 50", x.Limit));
        var domain = await Ledger(BudgetPaths.RegisteredDomain("example.co.uk"));
        var orders = await Ledger(BudgetPaths.NewOrders);
        Assert.Equal(5, domain.GetProperty("reservations").GetArrayLength());
        // The refused ones gave their order count back (no order was started); released ones would not.
        Assert.Equal(5, orders.GetProperty("reservations").GetArrayLength());
        var taken = answers.First(x => x.Reservation is not null);
        await a.ReleaseAsync([$"s{Array.IndexOf(answers, taken)}.shared.example.co.uk"], taken.Reservation!, CancellationToken.None);
        Assert.Equal(4, (await Ledger(BudgetPaths.RegisteredDomain("example.co.uk"))).GetProperty("reservations").GetArrayLength());
        Assert.Equal(5, (await Ledger(BudgetPaths.NewOrders)).GetProperty("reservations").GetArrayLength());
    }

    private async Task<JsonElement> Ledger(string path)
    {
        using var json = JsonDocument.Parse((await Container().GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString());
        return json.RootElement.Clone();
    }

    private BlobContainerClient Container() => new(_azurite.ConnectionString, "lb-acme");
}
