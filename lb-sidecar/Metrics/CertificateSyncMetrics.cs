using LbAcme.Core.Status;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// Certificate sync's metrics, in the sidecar's registry (same /metrics endpoint). Names are in lb-sidecar/README.md.
/// Every outcome, refusal reason and method has its series from start, at 0.
/// </summary>
internal sealed class CertificateSyncMetrics
{
    private readonly Counter _syncs;
    private readonly Gauge _lastOutcome;
    private readonly Counter _refusals;
    private readonly Counter _applies;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _deprecatedLastSuccess;
    private readonly Gauge _pendingSince;
    private readonly Gauge _retryDelay;
    private readonly ServedCertificateMetrics _served;

    public CertificateSyncMetrics(SidecarMetrics metrics, IOptions<SidecarOptions> options)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        // The "outcome" label is the outcome's stable JSON name, the same string status/{lb} carries.
        _syncs = factory.CreateCounter("lbacme_sidecar_certificate_syncs_total", "Certificate sync rounds by outcome.", "outcome");
        _lastOutcome = factory.CreateGauge("lbacme_sidecar_certificate_last_outcome", "1 for the outcome of the last certificate sync round, 0 for the others.", "outcome");
        _refusals = factory.CreateCounter("lbacme_sidecar_certificate_refusals_total", "Store certificates refused, by reason.", "reason");
        _applies = factory.CreateCounter("lbacme_sidecar_certificate_applies_total", "Certificates written for HAProxy, by how HAProxy got them (hot_swap, reload, written_only, failed).", "method");
        var untilSucceeded = new GaugeConfiguration { SuppressInitialValue = true };
        _lastSuccess = factory.CreateGauge("lbacme_sidecar_certificate_last_success_timestamp_seconds", "When a certificate sync round last succeeded, unix seconds; absent before the first.", untilSucceeded);
        _deprecatedLastSuccess = factory.CreateGauge("lbacme_sidecar_certificate_last_success_seconds", "Deprecated, use lbacme_sidecar_certificate_last_success_timestamp_seconds (removed in the next release).", untilSucceeded);
        _pendingSince = factory.CreateGauge("lbacme_sidecar_certificate_pending_since_timestamp_seconds",
            "Since when the store has held a newer certificate this LB has not deployed (refused, or HAProxy did not take it), unix seconds; 0 while nothing is pending. Counted from the sidecar's start or last reload at the latest.");
        _retryDelay = factory.CreateGauge("lbacme_sidecar_certificate_retry_delay_seconds", "Current backoff after failed rounds; 0 while healthy.");
        factory.CreateGauge("lbacme_sidecar_certificate_sync_interval_seconds", "Sidecar:CertificateSync:Interval: how often the store is asked for a new version.")
            .Set(options.Value.CertificateSync.Interval.TotalSeconds);
        _served = new ServedCertificateMetrics(factory);
        foreach (var outcome in DeployOutcomes.All)
        {
            _syncs.WithLabels(outcome.Label());
            _lastOutcome.WithLabels(outcome.Label());
        }
        foreach (var reason in DeployRefusals.All)
        {
            _refusals.WithLabels(reason);
        }
        foreach (var method in DeployMethods.All)
        {
            _applies.WithLabels(method);
        }
    }

    public void Outcome(DeployOutcome outcome, DateTimeOffset now)
    {
        _syncs.WithLabels(outcome.Label()).Inc();
        foreach (var known in DeployOutcomes.All)
        {
            _lastOutcome.WithLabels(known.Label()).Set(known == outcome ? 1 : 0);
        }
        if (!outcome.IsFailure())
        {
            _lastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
            _deprecatedLastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    public void Refused(string reason) => _refusals.WithLabels(reason).Inc();

    public void Applied(string method) => _applies.WithLabels(method).Inc();

    /// <summary>The leaf the PEM file holds now (null: nothing usable); at start and after every change of the file.</summary>
    public void Served(DeployedCertificate? leaf) => _served.Served(leaf);

    /// <summary>Since when a store certificate waits to be deployed; null when none does.</summary>
    public void Pending(DateTimeOffset? since) => _pendingSince.Set(since?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);

    public void RetryDelay(TimeSpan delay) => _retryDelay.Set(delay.TotalSeconds);
}
