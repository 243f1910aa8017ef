using LbAcme.Certificates;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.Sidecar.HaProxy;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// One certificate of this LB and everything certificate sync remembers about it: the store version it settled on,
/// since when a newer one waits, the last refusal, what its PEM holds. Each round reads its store copy; an
/// unchanged version ends the round before any parsing. A new version is verified (<see cref="CertificateVerifier"/>)
/// against this certificate's names and, if good, written and put into HAProxy (<see cref="CertificateApplier"/>);
/// anything else is refused while the current one keeps serving. With nothing deployed and nothing obtainable, a
/// self-signed certificate is written so HAProxy can start. A failure (store unreachable, HAProxy refusing) throws
/// <see cref="CertificateSyncException"/> after <see cref="Report"/> says so; the caller goes on with the others.
/// </summary>
internal sealed partial class CertificateSlot(
    CertificateTarget target,
    ICertificateStore store,
    CertificateVerifier verifier,
    CertificateApplier applier,
    CertificateSyncMetrics.CertificateMetrics metrics,
    CertificateSyncOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan RenewBootstrapBefore = TimeSpan.FromDays(1);
    private readonly FailureState _failure = new(time);
    private DeployedCertificate? _deployed;
    private string? _settledVersion;
    private SettledReport? _settledReport;
    private bool _forcePending = options.Force;
    private (string? Version, string Reason)? _lastRefusal;
    private bool _notInStoreLogged;
    private DateTimeOffset? _pendingSince;

    public CertificateTarget Target => target;

    /// <summary>What the PEM on disk holds (null: nothing usable), as far as this sidecar knows.</summary>
    public DeployedCertificate? Deployed => _deployed;

    /// <summary>This certificate's part of status/{lb}, once a round said something.</summary>
    public CertificateDeployStatus? Report { get; private set; }

    public void Prepare()
    {
        _deployed = ReadDeployed();
        metrics.Served(_deployed);
        LogStarting(logger, target.Certificate, target.StoreName, target.PemPath, _deployed?.Serial ?? "(nothing)", options.Interval.TotalSeconds);
    }

    /// <summary>The PEM as written on disk, for adding it to a running HAProxy; null when there is none.</summary>
    public string? ReadPem()
    {
        try
        {
            return applier.File.ReadCurrent();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, target.PemPath, FailureReason.Describe(e));
            return null;
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RoundAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(e);
            throw;
        }
        if (_failure.Recover() is { } outage)
        {
            LogRecovered(logger, target.Certificate, outage.Failures, outage.Took);
        }
    }

    private async Task RoundAsync(CancellationToken cancellationToken)
    {
        StoredCertificate? stored;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.RequestTimeout);
            stored = await store.GetAsync(target.StoreName, deadline.Token);
        }
        catch (StoredObjectTooLargeException e)
        {
            RefuseTooLarge(e);
            return;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            BootstrapIfNothingDeployed("the certificate store is unreachable");
            Said(DeployOutcome.StoreFailed, $"certificate store unreachable ({Describe(e)})", null, null);
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
            Said(DeployOutcome.NotInStore, $"no {target.StoreName} in the certificate store", null, null);
            return;
        }
        _notInStoreLogged = false;
        if (stored.Version == _settledVersion)
        {
            metrics.Outcome(DeployOutcome.Skipped, time.GetUtcNow());
            RepeatSettled();
            return;
        }
        await ExamineAsync(stored, cancellationToken);
    }

    /// <summary>
    /// An oversize store version was refused before its content was transferred: reported like any refused
    /// version (the deployed certificate keeps serving), once per version; the round itself did not fail.
    /// </summary>
    private void RefuseTooLarge(StoredObjectTooLargeException e)
    {
        BootstrapIfNothingDeployed($"the store's {target.StoreName} is too large to read");
        if (e.Version.Length > 0 && e.Version == _settledVersion)
        {
            metrics.Outcome(DeployOutcome.Skipped, time.GetUtcNow());
            RepeatSettled();
            return;
        }
        _settledVersion = e.Version.Length > 0 ? e.Version : null;
        StillPending();
        metrics.Refused(DeployRefusals.TooLarge);
        metrics.Outcome(DeployOutcome.Refused, time.GetUtcNow());
        LogRefusal(VerdictKind.Refuse, e.Version, DeployRefusals.TooLarge, e.Message);
        Said(DeployOutcome.Refused, $"refused store version {e.Version}: {e.Message}; still serving the deployed certificate", e.Version, DeployRefusals.TooLarge);
    }

    private void Failed(Exception error)
    {
        var outcome = error is CertificateSyncException sync ? sync.Outcome : DeployOutcome.StoreFailed;
        metrics.Outcome(outcome, time.GetUtcNow());
        var reason = Describe(error);
        var serial = _deployed?.Serial ?? "(nothing)";
        switch (_failure.Fail(reason))
        {
            // HAProxy not taking a good certificate needs a person; a store outage usually passes by itself.
            case FailureChange.Started when outcome == DeployOutcome.ApplyFailed:
                LogDeployFailing(logger, target.Certificate, reason, Durations.Describe(options.RetryDelay), Durations.Describe(options.MaxBackoff), serial);
                break;
            case FailureChange.Started:
                LogRoundFailing(logger, target.Certificate, reason, Durations.Describe(options.RetryDelay), Durations.Describe(options.MaxBackoff), serial);
                break;
            case FailureChange.ReasonChanged:
                LogStillFailing(logger, target.Certificate, reason, _failure.Failures);
                break;
        }
        LogFailureDetail(logger, target.Certificate, _failure.Failures, error);
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
                Said(DeployOutcome.Unchanged, $"serving {_deployed!.Serial}, the store's current version", stored.Version, null);
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
                Said(DeployOutcome.Refused, $"refused store version {stored.Version}: {verdict.Detail}; still serving the deployed certificate", stored.Version, verdict.Reason);
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
            Said(DeployOutcome.ApplyFailed, $"could not deploy {serial}: {applied.Detail}; still serving the deployed certificate", stored.Version, Method(applied.Outcome));
            throw new CertificateSyncException(DeployOutcome.ApplyFailed, $"deploying {serial}: {applied.Detail}");
        }
        _deployed = DeployedCertificate.From(bundle.Leaf);
        _settledVersion = stored.Version;
        _forcePending = false;
        metrics.Served(_deployed);
        NothingPending();
        metrics.Outcome(DeployOutcome.Deployed, time.GetUtcNow());
        LogDeployed(logger, target.Certificate, serial, _deployed.NotAfter, stored.Version, applied.Detail);
        Said(DeployOutcome.Deployed, $"deployed store version {stored.Version}: {applied.Detail}", stored.Version, Method(applied.Outcome));
    }

    /// <summary>What the PEM on disk holds; an unreadable file counts as nothing deployed (and is logged), never as a crash.</summary>
    private DeployedCertificate? ReadDeployed()
    {
        try
        {
            return DeployedCertificate.TryRead(applier.File.ReadCurrent());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, applier.File.Path, Describe(e));
            return null;
        }
    }

    /// <summary>
    /// Only when nothing usable is on disk (or our own self-signed one is about to expire). The file is written
    /// but never swapped into a running HAProxy that already serves it: that one already serves something, likely
    /// better. A certificate the running HAProxy does not hold at all is added by <see cref="CrtListSync"/>.
    /// </summary>
    private void BootstrapIfNothingDeployed(string why)
    {
        var now = time.GetUtcNow();
        if (_deployed is not null && !(_deployed.IsSelfSigned && _deployed.NotAfter - now < RenewBootstrapBefore))
        {
            return;
        }
        using var bundle = BootstrapCertificate.Create(target.RequiredNames, now);
        applier.File.Replace(bundle.ToPem());
        _deployed = DeployedCertificate.From(bundle.Leaf);
        metrics.Served(_deployed);
        metrics.Applied(DeployMethods.WrittenOnly);
        metrics.Outcome(DeployOutcome.Bootstrapped, now);
        LogBootstrapped(logger, target.PemPath, _deployed.Serial, why);
    }

    /// <summary>
    /// What this certificate's round ended with, for status/{lb}; <see cref="CertificateDeployStatus.When"/> changes
    /// only when something else does, so an unchanged certificate never causes a status write.
    /// </summary>
    private void Said(DeployOutcome outcome, string result, string? storeVersion, string? reason)
    {
        if (storeVersion is not null && storeVersion == _settledVersion)
        {
            _settledReport = new SettledReport(outcome, result, storeVersion, reason);
        }
        // Said on every report while true, so the function app's Status never mistakes it for a real certificate.
        var text = _deployed is { IsSelfSigned: true } ? $"serving a self-signed certificate (bootstrap); {result}" : result;
        if (Report is { } last && last.Outcome == outcome && last.Reason == reason && last.StoreVersion == storeVersion && last.Result == text && last.Serial == _deployed?.Serial)
        {
            return;
        }
        Report = new CertificateDeployStatus(target.Certificate, _deployed?.Serial, _deployed?.NotAfter, time.GetUtcNow(), text, outcome,
            _deployed?.IsSelfSigned == true, storeVersion, reason);
    }

    /// <summary>
    /// The store answered with the settled version again: status/{lb} should say what was reported for it, not an
    /// outage (the store unreachable) reported in between.
    /// </summary>
    private void RepeatSettled()
    {
        if (_settledReport is { } settled && settled.StoreVersion == _settledVersion)
        {
            Said(settled.Outcome, settled.Result, settled.StoreVersion, settled.Reason);
        }
    }

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

    private sealed record SettledReport(DeployOutcome Outcome, string Result, string StoreVersion, string? Reason);

    private static string Method(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.HotSwapped => DeployMethods.HotSwap,
        ApplyOutcome.Reloaded => DeployMethods.Reload,
        ApplyOutcome.WrittenOnly => DeployMethods.WrittenOnly,
        _ => DeployMethods.Failed,
    };

    /// <summary>Short and stable (no request ids), so repeated failures read alike in logs and status.</summary>
    internal static string Describe(Exception e) => e is CertificateSyncException sync ? sync.Message : FailureReason.Describe(e);
}
