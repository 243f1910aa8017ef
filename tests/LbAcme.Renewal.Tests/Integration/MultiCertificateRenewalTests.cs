using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// Several certificates per LB through the real engine: Azurite, Pebble and two lb-sidecar processes. Each LB gets its
/// own copy of each certificate (names, key type, store name, tag, state and journal per copy); one certificate's
/// failure leaves the others issued; a request may name one certificate; the shorthand keeps today's names and paths.
/// </summary>
public sealed class MultiCertificateRenewalTests : IAsyncLifetime
{
    private const string Prefix = "lbacme";
    private static readonly string Api = $"api.{LocalFleet.ServiceName}";
    private static readonly string Legacy = $"legacy.{LocalFleet.ServiceName}";
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync(count: 2);

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Three_certificates_on_two_LBs_are_six_orders_each_stored_under_its_own_name_with_its_names_and_key_type()
    {
        await using var engine = LocalFleetEngine.Build(ThreeCertificates());
        var runner = LocalFleetEngine.Runner(engine);

        var report = await runner.RunAsync(new RunRequest("test"), CancellationToken.None);

        var all = report.Outcomes.SelectMany(o => o.PerCertificate).ToList();
        Assert.Equal(6, all.Count);
        Assert.All(all, o => Assert.True(o.Outcome == LbOutcomeKind.Renewed, $"{o.Lb} {o.Certificate}: {o.Outcome} {o.Detail}"));
        var store = new BlobCertificateStore(_fleet.CertificateContainer);
        var journal = new BlobRunJournal(_fleet.SharedContainer);
        var keys = new HashSet<string>();
        foreach (var lb in _fleet.LbNames)
        {
            foreach (var (certificate, names, keyType) in new[]
            {
                ("web", new[] { LocalFleet.ServiceName, $"{lb}.{LocalFleet.ServiceName}" }, KeyType.EcP256),
                ("api", new[] { Api }, KeyType.EcP384),
                ("legacy", new[] { Legacy }, KeyType.Rsa2048),
            })
            {
                var stored = await store.GetAsync($"{Prefix}-{certificate}-{lb}", CancellationToken.None);
                Assert.True(stored is not null, $"{Prefix}-{certificate}-{lb} was not stored");
                using var bundle = CertificateBundle.Parse(stored.Pem);
                Assert.Equal(names.Order(), bundle.Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order());
                Assert.Equal(keyType, KeyTypeOf(bundle.Leaf));
                Assert.True(keys.Add(bundle.Key.Thumbprint()), $"{lb} {certificate} shares a key");
                Assert.Equal((lb, certificate), (stored.Tags[CertificateTags.Lb], stored.Tags[CertificateTags.Certificate]));
                var subject = $"{lb}.{certificate}";
                var state = await journal.GetStateAsync(subject, CancellationToken.None);
                Assert.Equal((lb, certificate, LbOutcomeKind.Renewed), (state!.Lb, state.Certificate, state.LastOutcome));
                var record = Assert.Single(await journal.ListAsync(subject, CancellationToken.None));
                Assert.Equal((certificate, bundle.Leaf.SerialNumber), (record.Certificate, record.Serial));
            }
            // The shorthand's paths stay free: no certificate here is the default one.
            Assert.Null(await journal.GetStateAsync(lb, CancellationToken.None));
        }
        Assert.Empty(await ListAsync(StoreLayout.ChallengesPrefix));

        var second = await runner.RunAsync(new RunRequest("second"), CancellationToken.None);

        Assert.All(second.Outcomes.SelectMany(o => o.PerCertificate), o => Assert.Equal(LbOutcomeKind.NotDue, o.Outcome));
    }

    [Fact]
    public async Task The_shorthand_keeps_todays_store_names_and_state_paths_and_reads_a_state_written_before_certificates_existed()
    {
        // runs/state/lb0.json as the engine wrote it before: no "certificate", a failure streak with a backoff ahead.
        var backoffUntil = DateTimeOffset.UtcNow.AddHours(2);
        await _fleet.SharedContainer.GetBlobClient(StoreLayout.RunState("lb0")).UploadAsync(BinaryData.FromString($$"""
            {"lb":"lb0","lastOutcome":"Failed","lastProblem":"earlier","consecutiveFailures":2,"nextAttempt":"{{backoffUntil.ToString("O", CultureInfo.InvariantCulture)}}"}
            """));
        await using var engine = _fleet.BuildEngine();

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("test"), CancellationToken.None);

        var lb0 = report.Outcomes.Single(o => o.Lb == "lb0");
        Assert.Equal((LbOutcomeKind.BackingOff, FleetCertificates.DefaultName), (lb0.Outcome, lb0.Certificate));
        var lb1 = report.Outcomes.Single(o => o.Lb == "lb1");
        Assert.Equal(LbOutcomeKind.Renewed, lb1.Outcome);
        var stored = await new BlobCertificateStore(_fleet.CertificateContainer).GetAsync(FleetCertificates.StoreName(Prefix, FleetCertificates.DefaultName, "lb1"), CancellationToken.None);
        Assert.Equal(FleetCertificates.DefaultName, stored!.Tags[CertificateTags.Certificate]);
        var journal = new BlobRunJournal(_fleet.SharedContainer);
        var kept = await journal.GetStateAsync("lb0", CancellationToken.None);
        Assert.Equal((2, "earlier"), (kept!.ConsecutiveFailures, kept.LastProblem));
        Assert.Equal(
            [StoreLayout.RunState("lb0"), StoreLayout.RunState("lb1")],
            (await ListAsync(StoreLayout.RunsPrefix + "state/")).Order(StringComparer.Ordinal));
        var record = Assert.Single(await ListAsync(StoreLayout.RunRecordPrefix("lb1")));
        Assert.StartsWith(StoreLayout.RunRecordPrefix("lb1"), record, StringComparison.Ordinal);
        Assert.Equal(lb1.Serial, (await journal.ListAsync("lb1", CancellationToken.None)).Single().Serial);
    }

    [Fact]
    public async Task A_certificate_whose_validation_fails_fails_alone_and_the_failed_validation_is_counted()
    {
        // The CA resolves api's name to an address where nothing answers: its authorizations become invalid.
        await _fleet.Pebble.SetARecordsAsync(Api, DeadAddress());
        var budgets = new CountingBudgets(new BlobIssuanceBudgets(_fleet.SharedContainer));
        await using var engine = LocalFleetEngine.Build(ThreeCertificates(), services => services.AddSingleton<IIssuanceBudgets>(budgets));

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("test"), CancellationToken.None);

        foreach (var outcome in report.Outcomes)
        {
            Assert.Equal(LbOutcomeKind.Failed, outcome.Outcome);
            Assert.Contains("api: ", outcome.Detail, StringComparison.Ordinal);
            var byCertificate = outcome.PerCertificate.ToDictionary(o => o.Certificate!);
            Assert.Equal(LbOutcomeKind.Failed, byCertificate["api"].Outcome);
            Assert.Equal(LbOutcomeKind.Renewed, byCertificate["web"].Outcome);
            Assert.Equal(LbOutcomeKind.Renewed, byCertificate["legacy"].Outcome);
            var state = await new BlobRunJournal(_fleet.SharedContainer).GetStateAsync($"{outcome.Lb}.api", CancellationToken.None);
            Assert.Equal((LbOutcomeKind.Failed, 1), (state!.LastOutcome, state.ConsecutiveFailures));
            Assert.NotNull(state.NextAttempt);
        }
        var store = new BlobCertificateStore(_fleet.CertificateContainer);
        Assert.Null(await store.GetInfoAsync($"{Prefix}-api-lb0", CancellationToken.None));
        Assert.NotNull(await store.GetInfoAsync($"{Prefix}-web-lb0", CancellationToken.None));
        // One failed validation of api's name per LB's order; none for the names that validated.
        Assert.Equal([Api, Api], budgets.FailedValidations.Order(StringComparer.Ordinal));
        Assert.Empty(await ListAsync(StoreLayout.ChallengesPrefix));
    }

    [Fact]
    public async Task A_request_naming_one_certificate_renews_only_it_and_its_redelivery_does_not_order_it_again()
    {
        await using var engine = LocalFleetEngine.Build(ThreeCertificates());
        var runner = LocalFleetEngine.Runner(engine);
        await runner.RunAsync(new RunRequest("first"), CancellationToken.None);
        var before = await SerialsAsync("lb0");
        var asked = DateTimeOffset.UtcNow;

        var one = await runner.RenewAsync(new LbRenewalRequest("lb0", "test", Force: true, Certificate: "api", RequestedAt: asked), CancellationToken.None);
        var afterOne = await SerialsAsync("lb0");
        var again = await runner.RenewAsync(new LbRenewalRequest("lb0", "test", Force: true, Redelivered: true, Certificate: "api", RequestedAt: asked), CancellationToken.None);
        var unknown = await runner.RenewAsync(new LbRenewalRequest("lb0", "test", Certificate: "www"), CancellationToken.None);

        Assert.Equal(("api", LbOutcomeKind.Renewed), (Assert.Single(one.PerCertificate).Certificate, one.Outcome));
        Assert.NotEqual(before["api"], afterOne["api"]);
        Assert.Equal((before["web"], before["legacy"]), (afterOne["web"], afterOne["legacy"]));
        Assert.Equal(LbOutcomeKind.NotDue, again.Outcome);
        Assert.Equal(afterOne, await SerialsAsync("lb0"));
        Assert.Equal(LbOutcomeKind.UnknownCertificate, unknown.Outcome);
        Assert.Contains("no certificate named 'www'", unknown.Detail, StringComparison.Ordinal);
    }

    /// <summary>The fleet's settings with Fleet:Certificates instead of the Names shorthand; the one a test breaks comes first.</summary>
    private Dictionary<string, string?> ThreeCertificates()
    {
        var settings = _fleet.EngineSettings();
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Fleet:Names:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }
        settings["Fleet:Certificates:0:Name"] = "api";
        settings["Fleet:Certificates:0:Names:0"] = Api;
        settings["Fleet:Certificates:0:KeyType"] = nameof(KeyType.EcP384);
        settings["Fleet:Certificates:1:Name"] = "web";
        settings["Fleet:Certificates:1:Names:0"] = LocalFleet.ServiceName;
        settings["Fleet:Certificates:1:CarriesLbExtraName"] = "true";
        settings["Fleet:Certificates:2:Name"] = "legacy";
        settings["Fleet:Certificates:2:Names:0"] = Legacy;
        settings["Fleet:Certificates:2:KeyType"] = nameof(KeyType.Rsa2048);
        // api and legacy are one name set on both LBs; the stagger between their first issuances is the planner's
        // business (its own tests), not what these tests look at.
        settings["Fleet:Renewal:FirstIssuanceStagger"] = "00:00:00";
        return settings;
    }

    /// <summary>An address of the fleet's own /24 that no LB has, so nothing listens there.</summary>
    private string DeadAddress()
    {
        var bytes = _fleet.Addresses[0].GetAddressBytes();
        bytes[3] = 250;
        return new System.Net.IPAddress(bytes).ToString();
    }

    private async Task<Dictionary<string, string>> SerialsAsync(string lb)
    {
        var store = new BlobCertificateStore(_fleet.CertificateContainer);
        var serials = new Dictionary<string, string>();
        foreach (var certificate in new[] { "api", "web", "legacy" })
        {
            serials[certificate] = (await store.GetInfoAsync($"{Prefix}-{certificate}-{lb}", CancellationToken.None))!.Leaf.SerialNumber;
        }
        return serials;
    }

    private static KeyType KeyTypeOf(X509Certificate2 leaf)
    {
        using var ec = leaf.GetECDsaPublicKey();
        using var rsa = leaf.GetRSAPublicKey();
        return (ec?.KeySize, rsa?.KeySize) switch
        {
            (256, _) => KeyType.EcP256,
            (384, _) => KeyType.EcP384,
            (_, 2048) => KeyType.Rsa2048,
            var other => throw new InvalidOperationException($"unexpected key {other}"),
        };
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in _fleet.SharedContainer.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            if (!blob.Name.EndsWith(StoreLayout.MarkerName, StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }
        return names;
    }

    /// <summary>The real blob budgets, noting each failed validation the engine reports.</summary>
    private sealed class CountingBudgets(IIssuanceBudgets inner) : IIssuanceBudgets
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failed = new();

        public IReadOnlyList<string> FailedValidations => [.. _failed];

        public Task<IReadOnlyCollection<BudgetReservation>> GetReservationsAsync(IReadOnlyCollection<string> names, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.GetReservationsAsync(names, now, cancellationToken);

        public Task<ReservationAnswer> TryReserveAsync(IReadOnlyCollection<string> names, string lb, DateTimeOffset now, TimeSpan stagger, CancellationToken cancellationToken) =>
            inner.TryReserveAsync(names, lb, now, stagger, cancellationToken);

        public Task ReleaseAsync(IReadOnlyCollection<string> names, BudgetReservation reservation, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(names, reservation, cancellationToken);

        public Task RecordFailedValidationAsync(IReadOnlyCollection<string> names, DateTimeOffset at, CancellationToken cancellationToken)
        {
            foreach (var name in names)
            {
                _failed.Enqueue(name);
            }
            return inner.RecordFailedValidationAsync(names, at, cancellationToken);
        }
    }
}
