using System.Text.Json;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Sync;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Keeps HAProxy serving this LB's newest good copy of every fleet certificate. Every
/// <see cref="CertificateSyncOptions.Interval"/> each certificate (<see cref="CertificateSlot"/>) is pulled,
/// checked and deployed on its own: one that is refused, missing or unreachable is reported for itself and never
/// holds back the others. Then the crt-list (<see cref="CrtListSync"/>) is brought in step with the fleet, on disk
/// and in the running HAProxy, and status/{lb} is written when what it says changed (one entry per certificate, the
/// top-level fields for the first). A round in which any certificate failed counts as failed, so it is retried with
/// jittered backoff; each failure is logged by its certificate when it starts and when it ends. With rollout events
/// on, daprd's new-version event starts the next round early; the poll stays the fallback.
/// </summary>
internal sealed partial class CertificateSync(
    SyncTarget target,
    CertificateSlots slots,
    CrtListSync? crtList,
    DeployStatusReporter status,
    CertificateSyncMetrics metrics,
    CertificateSyncOptions options,
    TimeProvider time,
    ILogger<CertificateSync> logger,
    RoundWake? wake = null) : IPeriodicRound
{
    private readonly FailureState _statusFailure = new(time);
    private readonly FailureState _crtListFailure = new(time);
    private string? _lastWritten;

    /// <summary>The poll, and when rollout events are on the wake daprd's events ring (coalesced: <see cref="RoundWake"/>).</summary>
    public RoundSchedule Schedule => new(options.Interval, options.RetryDelay, options.MaxBackoff, wake);

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        foreach (var slot in slots.All)
        {
            slot.Prepare();
        }
        if (crtList is not null)
        {
            LogCrtListMode(logger, target.Lb, slots.All.Count, crtList.Path);
        }
        return Task.CompletedTask;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failed = new List<(string Certificate, Exception Error)>();
        foreach (var slot in slots.All)
        {
            try
            {
                await slot.RunAsync(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add((slot.Target.Certificate, e)); // logged by the slot; the others go on
            }
        }
        if (crtList is not null)
        {
            await KeepCrtListAsync(crtList, failed, cancellationToken);
        }
        await ReportAsync(cancellationToken);
        if (failed.Count > 0)
        {
            var first = failed[0].Error;
            var outcome = first is CertificateSyncException sync ? sync.Outcome : DeployOutcome.StoreFailed;
            throw new CertificateSyncException(outcome, string.Join("; ", failed.Select(f => $"{f.Certificate}: {CertificateSlot.Describe(f.Error)}")), first);
        }
    }

    private async Task KeepCrtListAsync(CrtListSync list, List<(string Certificate, Exception Error)> failed, CancellationToken cancellationToken)
    {
        IReadOnlyList<(string Certificate, string Problem)> problems;
        try
        {
            list.WriteFile(slots.All);
            problems = await list.ReconcileAsync(slots.All, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            problems = [("crt-list", CertificateSlot.Describe(e))];
        }
        if (problems.Count == 0)
        {
            if (_crtListFailure.Recover() is { } outage)
            {
                LogCrtListRecovered(logger, list.Path, outage.Failures, outage.Took);
            }
            return;
        }
        var text = string.Join("; ", problems.Select(p => $"{p.Certificate}: {p.Problem}"));
        if (_crtListFailure.Fail(text) != FailureChange.None)
        {
            LogCrtListFailing(logger, list.Path, text);
        }
        failed.AddRange(problems.Select(p => (p.Certificate, (Exception)new CertificateSyncException(DeployOutcome.ApplyFailed, p.Problem))));
    }

    public void Succeeded(int failuresBefore) => metrics.RetryDelay(TimeSpan.Zero);

    /// <summary>Nothing here may stop the loop: the store, HAProxy or the disk may all come back. Each certificate logged its own failure.</summary>
    public void Failed(Exception error, int failures, TimeSpan retryIn)
    {
        metrics.RetryDelay(retryIn);
        LogRoundFailed(logger, failures, retryIn, error);
    }

    /// <summary>
    /// Writes status/{lb} when what it says changed. A failed write is logged and retried next round (the document
    /// still differs from the last one written); it never fails the round.
    /// </summary>
    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        if (!status.IsConfigured || slots.All.All(s => s.Report is null))
        {
            return;
        }
        var first = slots.All[0].Report;
        var each = slots.All.Count > 1 || slots.All[0].Target.Certificate != FleetCertificates.DefaultName
            ? slots.All.Select(s => s.Report).OfType<CertificateDeployStatus>().ToList()
            : null;
        var document = new DeployStatus(first?.Serial, first?.NotAfter, first?.When, first?.Result, first?.Outcome, first?.SelfSigned == true,
            first?.StoreVersion, first?.Reason, options.Interval.TotalSeconds, each);
        var json = JsonSerializer.Serialize(document, StatusJson.Default.DeployStatus);
        if (json == _lastWritten)
        {
            StatusUpToDate();
            return;
        }
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.RequestTimeout);
            await status.WriteAsync(target.Lb, document, deadline.Token);
            _lastWritten = json;
            StatusUpToDate();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = CertificateSlot.Describe(e);
            if (_statusFailure.Fail(why) != FailureChange.None)
            {
                LogStatusFailed(logger, target.Lb, why, Durations.Describe(options.Interval), Durations.Describe(options.MaxBackoff));
            }
        }
    }

    private void StatusUpToDate()
    {
        if (_statusFailure.Recover() is { } outage)
        {
            LogStatusRecovered(logger, target.Lb, outage.Failures, outage.Took);
        }
    }

    [LoggerMessage(EventId = 3508, Level = LogLevel.Warning, Message = "Could not write status/{Lb}: {Reason}; retrying with each round (every {Interval}, backing off to {MaxBackoff} while failing)")]
    private static partial void LogStatusFailed(ILogger logger, string lb, string reason, string interval, string maxBackoff);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Information, Message = "status/{Lb} is up to date again after {Failures} failed writes / {Duration}")]
    private static partial void LogStatusRecovered(ILogger logger, string lb, int failures, string duration);

    [LoggerMessage(EventId = 3520, Level = LogLevel.Information, Message = "Certificate sync for {Lb}: {Count} certificate(s) through the crt-list {CrtList}")]
    private static partial void LogCrtListMode(ILogger logger, string lb, int count, string crtList);

    [LoggerMessage(EventId = 3521, Level = LogLevel.Error, Message = "The crt-list {CrtList} is not in step with the running HAProxy: {Problems}; retrying with backoff")]
    private static partial void LogCrtListFailing(ILogger logger, string crtList, string problems);

    [LoggerMessage(EventId = 3522, Level = LogLevel.Information, Message = "The crt-list {CrtList} is in step with the running HAProxy again after {Failures} failed attempts / {Duration}")]
    private static partial void LogCrtListRecovered(ILogger logger, string crtList, int failures, string duration);

    [LoggerMessage(EventId = 3523, Level = LogLevel.Debug, Message = "Certificate sync round {Failures} in a row failed, retrying in {RetryIn}")]
    private static partial void LogRoundFailed(ILogger logger, int failures, TimeSpan retryIn, Exception error);
}

/// <summary>The certificate slots of this LB, in fleet order (the first is HAProxy's default).</summary>
internal sealed record CertificateSlots(IReadOnlyList<CertificateSlot> All);
