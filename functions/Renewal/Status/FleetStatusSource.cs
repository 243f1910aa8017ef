using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Status;

/// <summary>
/// Reads the stores (per LB and fleet certificate: the issued copy "{Engine:CertificateName}[-{certificate}]-{lb}" and the
/// engine's state runs/state/{subject}.json; per LB its sidecar's status/{lb}; the latest probe report, the timer's last
/// firing) and hands them to <see cref="StatusEvaluator"/>. Blobs are read a few at a time, and the whole
/// read is bounded by <see cref="ReadTimeout"/>: a store that hangs makes the status fail, not hang.
/// </summary>
public sealed class FleetStatusSource : IFleetStatusSource
{
    /// <summary>The whole document's read; an HTTP function must answer within 230 s, an operator sooner.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private const int ParallelReads = 16;
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly RenewalEngineOptions _options;
    private readonly ICertificateStore _certificates;
    private readonly IRunJournal _journal;
    private readonly IServedReportStore _served;
    private readonly ITimerRunLog _timerRuns;
    private readonly IRenewalSchedule? _schedule;
    private readonly TimeProvider _time;

    public FleetStatusSource(IOptionsMonitor<FleetOptions> fleet, RenewalEngineOptions options, ICertificateStore certificates, IRunJournal journal,
        IServedReportStore served, ITimerRunLog timerRuns, TimeProvider time, IRenewalSchedule? schedule = null)
    {
        _fleet = fleet;
        _options = options;
        _certificates = certificates;
        _journal = journal;
        _served = served;
        _timerRuns = timerRuns;
        _time = time;
        _schedule = schedule;
    }

    public async Task<FleetStatusDocument> GetAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        var ct = timeout.Token;
        var fleet = _fleet.CurrentValue;
        var lbs = fleet.LoadBalancers;
        // A fleet not validated yet (no names at all) still shows its LBs: as the one default certificate, names unknown.
        var certificates = FleetCertificates.All(fleet) is { Count: > 0 } all
            ? all
            : [new FleetCertificate(FleetCertificates.DefaultName, [], fleet.KeyType, fleet.Profile, CarriesLbExtraName: false, AllowNameOverlap: false)];
        var servedTask = _served.GetLatestAsync(ct);
        var lastRunTask = _timerRuns.GetLastAsync(ct);
        var reports = new DeployStatus?[lbs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, lbs.Count), ReadOptions(ct),
            async (i, token) => reports[i] = await _journal.GetDeployStatusAsync(lbs[i].Name, token));
        // One read pair per (LB, certificate), all in one pool: a fleet of many certificates reads as fast as one of many LBs.
        var copies = new CertificateStatusInput[lbs.Count, certificates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, lbs.Count * certificates.Count), ReadOptions(ct), async (n, token) =>
        {
            var (i, c) = Math.DivRem(n, certificates.Count);
            copies[i, c] = await ReadCertificateAsync(lbs[i], certificates[c], reports[i], first: c == 0, token);
        });
        var inputs = Enumerable.Range(0, lbs.Count)
            .Select(i => new LbStatusInput(lbs[i].Name, [.. Enumerable.Range(0, certificates.Count).Select(c => copies[i, c])], reports[i]?.SyncIntervalSeconds))
            .ToList();
        var served = await servedTask;
        var lastRun = await lastRunTask;
        var now = _time.GetUtcNow();
        return StatusEvaluator.Evaluate(new StatusInputs(now, inputs, served, Timing(lastRun?.At, now)));
    }

    private static ParallelOptions ReadOptions(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken };

    private async Task<CertificateStatusInput> ReadCertificateAsync(LoadBalancerOptions lb, FleetCertificate certificate, DeployStatus? report, bool first, CancellationToken cancellationToken)
    {
        var issued = await _certificates.GetInfoAsync(FleetCertificates.StoreName(_options.CertificateName, certificate.Name, lb.Name), cancellationToken);
        var state = await _journal.GetStateAsync(FleetCertificates.SubjectKey(lb.Name, certificate.Name), cancellationToken);
        IssuedCertificateEntry? entry = null;
        if (issued is not null)
        {
            // The engine's last success stored this version (unless it was imported by hand since): the rollout clock starts there.
            DateTimeOffset? storedAt = state is { LastOutcome: LbOutcomeKind.Renewed } ? state.LastAttempt : null;
            entry = new IssuedCertificateEntry(issued.Leaf.SerialNumber, new DateTimeOffset(issued.Leaf.NotBefore.ToUniversalTime()),
                new DateTimeOffset(issued.Leaf.NotAfter.ToUniversalTime()), storedAt);
        }
        return new CertificateStatusInput(certificate.Name, FleetCertificates.NamesFor(certificate, lb), entry, DeployedCertificates.Of(report, certificate.Name, first), state);
    }

    /// <summary>The schedule's interval is the gap between the two firings after the last run (after now, before any run).</summary>
    private RunTiming Timing(DateTimeOffset? lastRun, DateTimeOffset now)
    {
        if (_schedule is null)
        {
            return new RunTiming(lastRun, null, null);
        }
        var first = _schedule.NextAfter(lastRun ?? now);
        var interval = _schedule.NextAfter(first) - first;
        return new RunTiming(lastRun, _schedule.NextAfter(now), interval);
    }
}
