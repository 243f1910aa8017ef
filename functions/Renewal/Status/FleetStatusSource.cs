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
/// Reads the stores (issued certificates, sidecar reports, the engine's per-LB state, the latest probe report, the
/// timer's last firing) and hands them to <see cref="StatusEvaluator"/>. LBs are read a few at a time, and the whole
/// read is bounded by <see cref="ReadTimeout"/>: a store that hangs makes the status fail, not hang.
/// </summary>
public sealed class FleetStatusSource : IFleetStatusSource
{
    /// <summary>The whole document's read; an HTTP function must answer within 230 s, an operator sooner.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(60);

    private const int ParallelReads = 8;
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
        var lbs = _fleet.CurrentValue.LoadBalancers;
        var inputs = new LbStatusInput[lbs.Count];
        var servedTask = _served.GetLatestAsync(ct);
        var lastRunTask = _timerRuns.GetLastAsync(ct);
        await Parallel.ForEachAsync(Enumerable.Range(0, lbs.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = ct },
            async (i, token) => inputs[i] = await ReadLbAsync(lbs[i].Name, token));
        var served = await servedTask;
        var lastRun = await lastRunTask;
        var now = _time.GetUtcNow();
        return StatusEvaluator.Evaluate(new StatusInputs(now, inputs, served, Timing(lastRun?.At, now)));
    }

    private async Task<LbStatusInput> ReadLbAsync(string lb, CancellationToken cancellationToken)
    {
        var issued = await _certificates.GetInfoAsync(CertificateName.For(_options.CertificateName, lb), cancellationToken);
        var state = await _journal.GetStateAsync(lb, cancellationToken);
        var deployed = await _journal.GetDeployStatusAsync(lb, cancellationToken);
        IssuedCertificateEntry? entry = null;
        if (issued is not null)
        {
            // The engine's last success stored this version (unless it was imported by hand since): the rollout clock starts there.
            DateTimeOffset? storedAt = state is { LastOutcome: LbOutcomeKind.Renewed } ? state.LastAttempt : null;
            entry = new IssuedCertificateEntry(issued.Leaf.SerialNumber, new DateTimeOffset(issued.Leaf.NotBefore.ToUniversalTime()),
                new DateTimeOffset(issued.Leaf.NotAfter.ToUniversalTime()), storedAt);
        }
        return new LbStatusInput(lb, entry, deployed, state);
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
