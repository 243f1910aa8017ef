using LbAcme.Certificates;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Sync;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// Keeps HAProxy serving this LB's newest good certificate. Every <see cref="CertificateSyncOptions.Interval"/>
/// it reads "{certName}-{lb}" from the certificate store; an unchanged store version ends the round before any
/// parsing. A new version is verified (<see cref="CertificateVerifier"/>) and, if good, written and hot-swapped
/// (<see cref="CertificateApplier"/>); anything else is refused and reported while the current certificate keeps
/// serving. With nothing deployed and nothing obtainable, a self-signed certificate is written so HAProxy can
/// start. Each outcome goes to status/{lb}. Failures are caught here and retried with jittered backoff; each kind
/// of failure is logged when it starts and when it ends, and a round that finds nothing new logs nothing above Debug.
/// </summary>
internal sealed partial class CertificateSync(
    CertificateTarget target,
    ICertificateStore store,
    CertificateVerifier verifier,
    AtomicPemFile file,
    CertificateApplier applier,
    DeployStatusReporter status,
    CertificateSyncMetrics metrics,
    IOptions<SidecarOptions> options,
    TimeProvider time,
    ILogger<CertificateSync> logger) : IPeriodicRound
{
    private static readonly TimeSpan RenewBootstrapBefore = TimeSpan.FromDays(1);
    private readonly CertificateSyncOptions _options = options.Value.CertificateSync;
    private DeployedCertificate? _deployed;
    private string? _settledVersion;
    private SettledReport? _settledReport;
    private bool _forcePending = options.Value.CertificateSync.Force;
    private DeployStatus? _lastReported;
    private DeployStatus? _unwritten;
    private readonly FailureState _failure = new(time);
    private readonly FailureState _statusFailure = new(time);
    private (string? Version, string Reason)? _lastRefusal;
    private bool _notInStoreLogged;
    private DateTimeOffset? _pendingSince;

    public RoundSchedule Schedule => new(_options.Interval, _options.RetryDelay, _options.MaxBackoff);

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        _deployed = ReadDeployed();
        metrics.Served(_deployed);
        LogStarting(logger, target.StoreName, target.PemPath, _deployed?.Serial ?? "(nothing)", _options.Interval.TotalSeconds);
        return Task.CompletedTask;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        StoredCertificate? stored;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.RequestTimeout);
            stored = await store.GetAsync(target.StoreName, deadline.Token);
        }
        catch (StoredObjectTooLargeException e)
        {
            await RefuseTooLargeAsync(e, cancellationToken);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            BootstrapIfNothingDeployed("the certificate store is unreachable");
            await ReportAsync(DeployOutcome.StoreFailed, $"certificate store unreachable ({Describe(e)})", null, null, cancellationToken);
            throw new CertificateSyncException(DeployOutcome.StoreFailed, $"reading {target.StoreName}: {Describe(e)}", e);
        }
        if (stored is null)
        {
            BootstrapIfNothingDeployed($"the store has no {target.StoreName}");
            NothingPending();
            metrics.Outcome(DeployOutcome.NotInStore, time.GetUtcNow());
            if (!_notInStoreLogged)
            {
                LogNotInStore(logger, target.StoreName);
                _notInStoreLogged = true;
            }
            await ReportAsync(DeployOutcome.NotInStore, $"no {target.StoreName} in the certificate store", null, null, cancellationToken);
            return;
        }
        _notInStoreLogged = false;
        if (stored.Version == _settledVersion)
        {
            metrics.Outcome(DeployOutcome.Skipped, time.GetUtcNow());
            await ReportSettledAsync(cancellationToken);
            return;
        }
        await ExamineAsync(stored, cancellationToken);
    }

    /// <summary>
    /// An oversize store version was refused before its content was transferred: reported like any refused
    /// version (the deployed certificate keeps serving), once per version; the round itself did not fail.
    /// </summary>
    private async Task RefuseTooLargeAsync(StoredObjectTooLargeException e, CancellationToken cancellationToken)
    {
        BootstrapIfNothingDeployed($"the store's {target.StoreName} is too large to read");
        if (e.Version.Length > 0 && e.Version == _settledVersion)
        {
            metrics.Outcome(DeployOutcome.Skipped, time.GetUtcNow());
            await ReportSettledAsync(cancellationToken);
            return;
        }
        _settledVersion = e.Version.Length > 0 ? e.Version : null;
        StillPending();
        metrics.Refused(DeployRefusals.TooLarge);
        metrics.Outcome(DeployOutcome.Refused, time.GetUtcNow());
        LogRefusal(VerdictKind.Refuse, e.Version, DeployRefusals.TooLarge, e.Message);
        await ReportAsync(DeployOutcome.Refused, $"refused store version {e.Version}: {e.Message}; still serving the deployed certificate", e.Version, DeployRefusals.TooLarge, cancellationToken);
    }

    public void Succeeded(int failuresBefore)
    {
        if (_failure.Recover() is { } outage)
        {
            LogRecovered(logger, outage.Failures, outage.Took);
        }
        metrics.RetryDelay(TimeSpan.Zero);
    }

    /// <summary>Nothing here may stop the loop: the store, HAProxy or the disk may all come back.</summary>
    public void Failed(Exception error, int failures, TimeSpan retryIn)
    {
        var outcome = error is CertificateSyncException sync ? sync.Outcome : DeployOutcome.StoreFailed;
        metrics.Outcome(outcome, time.GetUtcNow());
        metrics.RetryDelay(retryIn);
        var reason = Describe(error);
        var serial = _deployed?.Serial ?? "(nothing)";
        switch (_failure.Fail(reason))
        {
            // HAProxy not taking a good certificate needs a person; a store outage usually passes by itself.
            case FailureChange.Started when outcome == DeployOutcome.ApplyFailed:
                LogDeployFailing(logger, reason, Durations.Describe(retryIn), Durations.Describe(_options.MaxBackoff), serial);
                break;
            case FailureChange.Started:
                LogRoundFailing(logger, reason, Durations.Describe(retryIn), Durations.Describe(_options.MaxBackoff), serial);
                break;
            case FailureChange.ReasonChanged:
                LogStillFailing(logger, reason, failures, retryIn);
                break;
        }
        LogFailureDetail(logger, failures, error);
    }

    /// <summary>A refusal is logged once per store version and reason; a version refused for now is re-examined every round.</summary>
    private void LogRefusal(VerdictKind kind, string? version, string reason, string detail)
    {
        if (_lastRefusal == (version, reason))
        {
            return;
        }
        _lastRefusal = (version, reason);
        var serial = _deployed?.Serial ?? "(nothing)";
        if (kind == VerdictKind.Refuse)
        {
            LogRefused(logger, target.StoreName, version ?? "", reason, detail, serial);
        }
        else
        {
            LogRefusedForNow(logger, target.StoreName, version ?? "", reason, detail, serial);
        }
    }

    private async Task ExamineAsync(StoredCertificate stored, CancellationToken cancellationToken)
    {
        var verdict = verifier.Verify(stored.Pem, _deployed, target.RequiredNames, _forcePending, stored.Tags);
        switch (verdict.Kind)
        {
            case VerdictKind.Unchanged:
                _settledVersion = stored.Version;
                _forcePending = false;
                NothingPending();
                metrics.Outcome(DeployOutcome.Unchanged, time.GetUtcNow());
                await ReportAsync(DeployOutcome.Unchanged, $"serving {_deployed!.Serial}, the store's current version", stored.Version, null, cancellationToken);
                return;
            case VerdictKind.Refuse or VerdictKind.RefuseForNow:
                if (verdict.Kind == VerdictKind.Refuse)
                {
                    _settledVersion = stored.Version; // it cannot become good; do not parse it again
                }
                if (verdict.Reason == DeployRefusals.NotNewer)
                {
                    NothingPending(); // what is served is at least as new: nothing waits to roll out
                }
                else
                {
                    StillPending();
                }
                metrics.Refused(verdict.Reason);
                metrics.Outcome(DeployOutcome.Refused, time.GetUtcNow());
                LogRefusal(verdict.Kind, stored.Version, verdict.Reason, verdict.Detail);
                await ReportAsync(DeployOutcome.Refused, $"refused store version {stored.Version}: {verdict.Detail}; still serving the deployed certificate", stored.Version, verdict.Reason, cancellationToken);
                return;
        }
        using var bundle = verdict.Bundle!;
        var serial = bundle.Leaf.SerialNumber;
        ApplyResult applied;
        try
        {
            applied = await applier.ApplyAsync(bundle.ToPem(), serial, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The disk (full, read-only, permissions) or the reload command itself failed.
            applied = new ApplyResult(ApplyOutcome.Failed, Describe(e));
        }
        metrics.Applied(Method(applied.Outcome));
        if (!applied.Deployed)
        {
            StillPending();
            await ReportAsync(DeployOutcome.ApplyFailed, $"could not deploy {serial}: {applied.Detail}; still serving the deployed certificate", stored.Version, Method(applied.Outcome), cancellationToken);
            throw new CertificateSyncException(DeployOutcome.ApplyFailed, $"deploying {serial}: {applied.Detail}");
        }
        _deployed = DeployedCertificate.From(bundle.Leaf);
        _settledVersion = stored.Version;
        _forcePending = false;
        metrics.Served(_deployed);
        NothingPending();
        metrics.Outcome(DeployOutcome.Deployed, time.GetUtcNow());
        LogDeployed(logger, serial, _deployed.NotAfter, stored.Version, applied.Detail);
        await ReportAsync(DeployOutcome.Deployed, $"deployed store version {stored.Version}: {applied.Detail}", stored.Version, Method(applied.Outcome), cancellationToken);
    }

    /// <summary>What the PEM on disk holds; an unreadable file counts as nothing deployed (and is logged), never as a crash.</summary>
    private DeployedCertificate? ReadDeployed()
    {
        try
        {
            return DeployedCertificate.TryRead(file.ReadCurrent());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, file.Path, Describe(e));
            return null;
        }
    }

    /// <summary>
    /// Only when nothing usable is on disk (or our own self-signed one is about to expire). The file is written
    /// but never swapped into a running HAProxy: a running HAProxy already serves something, likely better.
    /// </summary>
    private void BootstrapIfNothingDeployed(string why)
    {
        var now = time.GetUtcNow();
        if (_deployed is not null && !(_deployed.IsSelfSigned && _deployed.NotAfter - now < RenewBootstrapBefore))
        {
            return;
        }
        using var bundle = BootstrapCertificate.Create(target.RequiredNames, now);
        file.Replace(bundle.ToPem());
        _deployed = DeployedCertificate.From(bundle.Leaf);
        metrics.Served(_deployed);
        metrics.Applied(DeployMethods.WrittenOnly);
        metrics.Outcome(DeployOutcome.Bootstrapped, now);
        LogBootstrapped(logger, target.PemPath, _deployed.Serial, why);
    }

    /// <summary>
    /// Writes status/{lb} when what it says changed; <paramref name="outcome"/> null retries a write that failed
    /// earlier. A failed write is logged and retried next round; it never fails the round.
    /// </summary>
    private async Task ReportAsync(DeployOutcome? outcome, string? result, string? storeVersion, string? reason, CancellationToken cancellationToken)
    {
        if (!status.IsConfigured)
        {
            return;
        }
        if (outcome is { } code)
        {
            if (storeVersion is not null && storeVersion == _settledVersion)
            {
                _settledReport = new SettledReport(code, result, storeVersion, reason);
            }
            // Said on every report while true, so the function app's Status never mistakes it for a real certificate.
            var text = _deployed is { IsSelfSigned: true } ? $"serving a self-signed certificate (bootstrap); {result}" : result;
            if (_lastReported is not null && _lastReported.Outcome == code && _lastReported.Reason == reason && _lastReported.StoreVersion == storeVersion && _lastReported.Result == text && _lastReported.Serial == _deployed?.Serial)
            {
                // What the store holds is true again: a write that failed meanwhile is no longer owed.
                _unwritten = null;
                StatusUpToDate();
                return;
            }
            _unwritten = new DeployStatus(_deployed?.Serial, _deployed?.NotAfter, time.GetUtcNow(), text, code, _deployed?.IsSelfSigned == true, storeVersion, reason,
                _options.Interval.TotalSeconds);
        }
        if (_unwritten is null)
        {
            return;
        }
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.RequestTimeout);
            await status.WriteAsync(target.Lb, _unwritten, deadline.Token);
            _lastReported = _unwritten;
            _unwritten = null;
            StatusUpToDate();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = Describe(e);
            if (_statusFailure.Fail(why) != FailureChange.None)
            {
                LogStatusFailed(logger, target.Lb, why, Durations.Describe(_options.Interval), Durations.Describe(_options.MaxBackoff));
            }
            LogFailureDetail(logger, _statusFailure.Failures, e);
        }
    }

    /// <summary>
    /// The store answered with the settled version again: status/{lb} should say what was reported for it. A write
    /// still owed from an outage described the outage (the store unreachable), which is no longer true.
    /// </summary>
    private Task ReportSettledAsync(CancellationToken cancellationToken) =>
        _settledReport is { } settled && settled.StoreVersion == _settledVersion
            ? ReportAsync(settled.Outcome, settled.Result, settled.StoreVersion, settled.Reason, cancellationToken)
            : ReportAsync(null, null, null, null, cancellationToken); // a status write that failed earlier is retried

    /// <summary>
    /// The store holds a certificate this LB does not serve and should (refused other than as not newer, or HAProxy
    /// did not take it): the time it was first seen so, kept across rounds and store versions until one is served.
    /// </summary>
    private void StillPending()
    {
        _pendingSince ??= time.GetUtcNow();
        metrics.Pending(_pendingSince);
    }

    private void NothingPending()
    {
        _pendingSince = null;
        metrics.Pending(null);
    }

    private sealed record SettledReport(DeployOutcome Outcome, string? Result, string StoreVersion, string? Reason);

    private void StatusUpToDate()
    {
        if (_statusFailure.Recover() is { } outage)
        {
            LogStatusRecovered(logger, target.Lb, outage.Failures, outage.Took);
        }
    }

    private static string Method(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.HotSwapped => DeployMethods.HotSwap,
        ApplyOutcome.Reloaded => DeployMethods.Reload,
        ApplyOutcome.WrittenOnly => DeployMethods.WrittenOnly,
        _ => DeployMethods.Failed,
    };

    /// <summary>Short and stable (no request ids), so repeated failures read alike in logs and status.</summary>
    private static string Describe(Exception e) => e is CertificateSyncException sync ? sync.Message : FailureReason.Describe(e);
}
