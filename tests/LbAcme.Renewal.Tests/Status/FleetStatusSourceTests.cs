using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using LbAcme.Renewal.Store;
using LbAcme.Testing.Served;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Renewal.Tests.Status;

/// <summary>What the source reads from each store lands in the document: issued, deployed, journal, probe, timer and schedule.</summary>
public sealed class FleetStatusSourceTests
{
    private static readonly DateTimeOffset Now = StatusScenario.Now;

    [Fact]
    public async Task The_stores_facts_reach_the_document_and_the_clock_and_schedule_decide_the_runs()
    {
        using var leaf = Leaf(Now.AddMinutes(-3), Now.AddDays(90));
        var certificates = new Certificates { ["lbacme-lb0"] = leaf };
        var journal = new Journal();
        journal.States["lb0"] = new LbState { Lb = "lb0", LastAttempt = Now.AddMinutes(-4), LastOutcome = LbOutcomeKind.Renewed, LastReason = "AriWindow", NextCheck = Now.AddHours(12) };
        journal.Deployed["lb0"] = new DeployStatus("01", Now.AddDays(30), Now.AddDays(-60), "deployed", DeployOutcome.Deployed, SyncIntervalSeconds: 60);
        var served = new MemoryServedReportStore(StatusScenario.Report(StatusScenario.Presented("127.0.0.1:443", ServedAddressKind.Lb, "lb0", "01", Now.AddDays(-60), Now.AddDays(30))));
        var timer = new TimerRuns { Last = new TimerRun(Now.AddHours(-2).AddSeconds(-1), 2) };
        var source = new FleetStatusSource(new Fleet("lb0", "lb1"), new RenewalEngineOptions(), certificates, journal, served, timer, new FakeTimeProvider(Now), new Hourly());

        var document = await source.GetAsync(CancellationToken.None);

        var lb0 = document.LoadBalancers[0];
        Assert.Equal(new IssuedCertificateEntry(leaf.SerialNumber, Now.AddMinutes(-3), Now.AddDays(90), Now.AddMinutes(-4)), lb0.Issued);
        Assert.Equal("01", lb0.Deployed!.Serial);
        Assert.Equal("AriWindow", lb0.LastReason);
        Assert.Equal(Now.AddHours(12), lb0.NextCheck);
        // Issued 4 minutes ago, the sidecar's 60 s interval: more than two intervals, still serving 01.
        Assert.Equal(CertificateState.Stuck, lb0.State);
        Assert.Equal("lb1", document.LoadBalancers[1].Lb);
        Assert.Null(document.LoadBalancers[1].Issued);
        Assert.Equal(Now.AddHours(-2).AddSeconds(-1), document.LastRun);
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero), document.NextRun);
        Assert.True(document.RunOverdue);
        Assert.Equal(Now, document.GeneratedAt);
    }

    [Fact]
    public async Task Without_a_schedule_nothing_is_overdue_and_no_next_run_is_claimed()
    {
        var source = new FleetStatusSource(new Fleet("lb0"), new RenewalEngineOptions(), new Certificates(), new Journal(), new MemoryServedReportStore(),
            new TimerRuns { Last = new TimerRun(Now.AddDays(-30), 1) }, new FakeTimeProvider(Now));

        var document = await source.GetAsync(CancellationToken.None);

        Assert.False(document.RunOverdue);
        Assert.Null(document.NextRun);
        Assert.Null(document.Probe);
    }

    [Fact]
    public async Task Each_certificate_is_read_from_its_own_store_name_state_and_deploy_entry()
    {
        using var web0 = Leaf(Now.AddDays(-2), Now.AddDays(88));
        using var api0 = Leaf(Now.AddDays(-3), Now.AddDays(87));
        using var web1 = Leaf(Now.AddDays(-4), Now.AddDays(86));
        var certificates = new Certificates { ["lbacme-lb0"] = web0, ["lbacme-api-lb0"] = api0, ["lbacme-lb1"] = web1 };
        var journal = new Journal();
        journal.States["lb0"] = new LbState { Lb = "lb0", LastOutcome = LbOutcomeKind.Renewed, LastAttempt = Now.AddDays(-2) };
        journal.States["lb0.api"] = new LbState { Lb = "lb0", Certificate = "api", DueReason = "Backstop", WaitingUntil = Now.AddHours(3), WaitingFor = "new orders per account: 300 per 3 hours" };
        journal.Deployed["lb0"] = new DeployStatus(web0.SerialNumber, Now.AddDays(88), Now.AddDays(-2), "deployed", DeployOutcome.Deployed, Certificates:
        [
            new CertificateDeployStatus("default", web0.SerialNumber, Now.AddDays(88), Now.AddDays(-2), "deployed", DeployOutcome.Deployed),
            new CertificateDeployStatus("api", api0.SerialNumber, Now.AddDays(87), Now.AddDays(-3), "deployed", DeployOutcome.Deployed),
        ]);
        // A sidecar from before several certificates: its top-level fields are the first certificate's, it says nothing of api.
        journal.Deployed["lb1"] = new DeployStatus(web1.SerialNumber, Now.AddDays(86), Now.AddDays(-4), "deployed", DeployOutcome.Deployed);
        var fleet = new Fleet("lb0", "lb1");
        fleet.CurrentValue.Certificates =
        [
            new CertificateOptions { Name = "default", Names = ["svc.example"], CarriesLbExtraName = true },
            new CertificateOptions { Name = "api", Names = ["api.example"] },
        ];
        fleet.CurrentValue.LoadBalancers[0].ExtraName = "lb0.svc.example";
        var source = new FleetStatusSource(fleet, new RenewalEngineOptions(), certificates, journal, new MemoryServedReportStore(), new TimerRuns(), new FakeTimeProvider(Now));

        var document = await source.GetAsync(CancellationToken.None);

        var lb0 = document.LoadBalancers[0].Certificates!;
        Assert.Equal(["default", "api"], lb0.Select(c => c.Certificate));
        Assert.Equal(["svc.example", "lb0.svc.example"], lb0[0].Names);
        Assert.Equal(["api.example"], lb0[1].Names);
        Assert.Equal((web0.SerialNumber, api0.SerialNumber), (lb0[0].Issued!.Serial, lb0[1].Issued!.Serial));
        Assert.Equal((web0.SerialNumber, api0.SerialNumber), (lb0[0].Deployed!.Serial, lb0[1].Deployed!.Serial));
        Assert.Equal((Now.AddHours(3), "new orders per account: 300 per 3 hours", "Backstop"), (lb0[1].WaitingUntil, lb0[1].WaitingFor, lb0[1].DueReason));
        Assert.Contains("waits until 2026-12-02 12:00 UTC for new orders per account: 300 per 3 hours", lb0[1].Summary, StringComparison.Ordinal);
        Assert.Null(lb0[0].WaitingUntil);
        var lb1 = document.LoadBalancers[1].Certificates!;
        Assert.Equal(web1.SerialNumber, lb1[0].Deployed!.Serial);
        Assert.Null(lb1[1].Deployed);
        Assert.Null(lb1[1].Issued);
        Assert.Equal(document.LoadBalancers[1].Issued, lb1[0].Issued);
    }

    private static X509Certificate2 Leaf(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=svc.example", key, HashAlgorithmName.SHA256).CreateSelfSigned(notBefore, notAfter);
    }

    private sealed class Hourly : IRenewalSchedule
    {
        public DateTimeOffset NextAfter(DateTimeOffset after) => new DateTimeOffset(after.Year, after.Month, after.Day, after.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
    }

    private sealed class Fleet(params string[] lbs) : IOptionsMonitor<FleetOptions>
    {
        public FleetOptions CurrentValue { get; } = new() { LoadBalancers = [.. lbs.Select(lb => new LoadBalancerOptions { Name = lb, Address = "127.0.0.1" })] };

        public FleetOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<FleetOptions, string?> listener) => null;
    }

    private sealed class Certificates : Dictionary<string, X509Certificate2>, ICertificateStore
    {
        public Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(TryGetValue(name, out var leaf) ? new StoredCertificateInfo(name, "v1", leaf, new Dictionary<string, string>()) : null);

        public Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    private sealed class Journal : IRunJournal
    {
        public Dictionary<string, LbState> States { get; } = [];

        public Dictionary<string, DeployStatus> Deployed { get; } = [];

        public Task<LbState?> GetStateAsync(string lb, CancellationToken cancellationToken) => Task.FromResult(States.GetValueOrDefault(lb));

        public Task<DeployStatus?> GetDeployStatusAsync(string lb, CancellationToken cancellationToken) => Task.FromResult(Deployed.GetValueOrDefault(lb));

        public Task SaveStateAsync(LbState state, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AppendAsync(RunRecord record, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<RunRecord>> ListAsync(string lb, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class TimerRuns : ITimerRunLog
    {
        public TimerRun? Last { get; set; }

        public Task RecordAsync(TimerRun run, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TimerRun?> GetLastAsync(CancellationToken cancellationToken) => Task.FromResult(Last);
    }
}
