using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.Core.Origin;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>The renewal engine over a real fleet: Azurite, Pebble, three lb-sidecar processes.</summary>
public sealed class FleetRenewalTests : IAsyncLifetime
{
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Three_LBs_get_three_certificates_each_with_its_own_key_through_the_fan_out()
    {
        await using var engine = _fleet.BuildEngine();

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("test"), CancellationToken.None);

        Assert.All(report.Outcomes, o => Assert.True(o.Outcome == LbOutcomeKind.Renewed, $"{o.Lb}: {o.Outcome} {o.Detail}"));
        var store = new BlobCertificateStore(_fleet.CertificateContainer);
        var keys = new HashSet<string>();
        foreach (var lb in _fleet.LbNames)
        {
            var stored = await store.GetAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, lb), CancellationToken.None);
            using var bundle = CertificateBundle.Parse(stored!.Pem);
            var names = bundle.Leaf.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
            Assert.Equal(new[] { LocalFleet.ServiceName, $"{lb}.{LocalFleet.ServiceName}" }.Order(), names.Order());
            Assert.True(keys.Add(bundle.Key.Thumbprint()), $"{lb} shares a key with another LB");
            Assert.Equal(lb, stored.Tags[CertificateTags.Lb]);
            Assert.Equal(AcmeDirectoryTag.Value(_fleet.Pebble.DirectoryUrl), stored.Tags[CertificateTags.Directory]);
        }
        // Every name resolves to lb0, so lb1's and lb2's tokens reached Pebble only through lb0's fan-out.
        Assert.Empty(await ListAsync(StoreLayout.ChallengesPrefix));
    }

    [Fact]
    public async Task A_second_run_finds_nothing_due_and_orders_nothing()
    {
        await using var engine = _fleet.BuildEngine();
        var runner = LocalFleetEngine.Runner(engine);
        await runner.RunAsync(new RunRequest("first"), CancellationToken.None);

        var second = await runner.RunAsync(new RunRequest("second"), CancellationToken.None);

        Assert.All(second.Outcomes, o => Assert.Equal(LbOutcomeKind.NotDue, o.Outcome));
        Assert.All(second.Outcomes, o => Assert.True(o.NextCheck <= DateTimeOffset.UtcNow.AddHours(12).AddMinutes(1)));
    }

    [Fact]
    public async Task Two_runs_started_at_once_make_exactly_one_order_per_LB()
    {
        await using var engineA = _fleet.BuildEngine();
        await using var engineB = _fleet.BuildEngine();

        var runs = await Task.WhenAll(
            LocalFleetEngine.Runner(engineA).RunAsync(new RunRequest("a"), CancellationToken.None),
            LocalFleetEngine.Runner(engineB).RunAsync(new RunRequest("b"), CancellationToken.None));

        var journal = new BlobRunJournal(_fleet.SharedContainer);
        foreach (var lb in _fleet.LbNames)
        {
            var outcomes = runs.SelectMany(r => r.Outcomes).Where(o => o.Lb == lb).Select(o => o.Outcome).ToList();
            Assert.Equal(1, outcomes.Count(o => o == LbOutcomeKind.Renewed));
            Assert.All(outcomes.Where(o => o != LbOutcomeKind.Renewed), o => Assert.Contains(o, new[] { LbOutcomeKind.SkippedLocked, LbOutcomeKind.NotDue }));
            var records = await journal.ListAsync(lb, CancellationToken.None);
            Assert.Single(records, r => r.Outcome == LbOutcomeKind.Renewed && r.OrderUrl is not null);
        }
    }

    [Fact]
    public async Task An_LB_whose_challenge_cannot_be_reached_fails_alone_with_the_reason_in_runs_and_status()
    {
        await _fleet.StopSidecarAsync("lb2");
        await using var engine = _fleet.BuildEngine();
        var runner = LocalFleetEngine.Runner(engine);

        var report = await runner.RunAsync(new RunRequest("test"), CancellationToken.None);
        var status = (await EngineStatus.GetAsync(engine)).LoadBalancers;

        Assert.Equal(LbOutcomeKind.Renewed, report.Outcomes.Single(o => o.Lb == "lb0").Outcome);
        Assert.Equal(LbOutcomeKind.Renewed, report.Outcomes.Single(o => o.Lb == "lb1").Outcome);
        var failed = report.Outcomes.Single(o => o.Lb == "lb2");
        Assert.Equal(LbOutcomeKind.Failed, failed.Outcome);
        Assert.Equal(nameof(SelfTestFailedException), failed.Reason);
        var record = Assert.Single(await new BlobRunJournal(_fleet.SharedContainer).ListAsync("lb2", CancellationToken.None));
        Assert.Equal(LbOutcomeKind.Failed, record.Outcome);
        Assert.Equal(nameof(SelfTestFailedException), record.Reason);
        var row = status.Single(s => s.Lb == "lb2");
        Assert.Equal(nameof(LbOutcomeKind.Failed), row.LastOutcome);
        Assert.Equal(CertificateState.Failing, row.State);
        Assert.Null(row.Issued);
        Assert.True(row.NextCheck > DateTimeOffset.UtcNow.AddMinutes(50), "a failed LB backs off instead of retrying at once");
        Assert.NotNull(status.Single(s => s.Lb == "lb0").Issued);
        Assert.Empty(await ListAsync(StoreLayout.ChallengesPrefix));
    }

    [Fact]
    public async Task A_store_failure_while_taking_one_LBs_lock_fails_that_LB_alone()
    {
        await using var engine = _fleet.BuildEngine(replace: services => services.AddSingleton<ILbLock>(
            _ => new FailingLock(new BlobLeaseLock(_fleet.SharedContainer, TimeSpan.FromSeconds(15), TimeProvider.System), "lb1")));

        var report = await LocalFleetEngine.Runner(engine).RunAsync(new RunRequest("test"), CancellationToken.None);

        Assert.Equal(LbOutcomeKind.Renewed, report.Outcomes.Single(o => o.Lb == "lb0").Outcome);
        Assert.Equal(LbOutcomeKind.Renewed, report.Outcomes.Single(o => o.Lb == "lb2").Outcome);
        var failed = report.Outcomes.Single(o => o.Lb == "lb1");
        Assert.Equal(LbOutcomeKind.Failed, failed.Outcome);
        Assert.Contains("could not take locks/lb1", failed.Detail, StringComparison.Ordinal);
    }

    private async Task<List<string>> ListAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in _fleet.SharedContainer.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, CancellationToken.None))
        {
            if (!blob.Name.EndsWith(".marker", StringComparison.Ordinal))
            {
                names.Add(blob.Name);
            }
        }
        return names;
    }
}

/// <summary>A lock that the store refuses for one LB, as a timing-out Azurite did under load in the benchmark.</summary>
internal sealed class FailingLock(ILbLock inner, string failingLb) : ILbLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string lb, CancellationToken cancellationToken) =>
        lb == failingLb ? throw new Azure.RequestFailedException(503, "the store timed out") : inner.TryAcquireAsync(lb, cancellationToken);
}
