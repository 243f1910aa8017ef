using LbAcme.Core.Status;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>Certificate sync's metrics, in the sidecar's registry (same /metrics endpoint). Names are in lb-sidecar/README.md.</summary>
internal sealed class CertificateSyncMetrics
{
    private readonly Counter _syncs;
    private readonly Gauge _lastOutcome;
    private readonly Counter _refusals;
    private readonly Counter _applies;
    private readonly Gauge _notAfter;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _retryDelay;

    public CertificateSyncMetrics(SidecarMetrics metrics)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        // The "outcome" label is the outcome's stable JSON name, the same string status/{lb} carries.
        _syncs = factory.CreateCounter("lbacme_sidecar_certificate_syncs_total", "Certificate sync rounds by outcome.", "outcome");
        _lastOutcome = factory.CreateGauge("lbacme_sidecar_certificate_last_outcome", "1 for the outcome of the last certificate sync round, 0 for the others.", "outcome");
        _refusals = factory.CreateCounter("lbacme_sidecar_certificate_refusals_total", "Store certificates refused, by reason.", "reason");
        _applies = factory.CreateCounter("lbacme_sidecar_certificate_applies_total", "Certificates written for HAProxy, by how HAProxy got them (hot_swap, reload, written_only, failed).", "method");
        _notAfter = factory.CreateGauge("lbacme_sidecar_certificate_not_after_seconds", "Not-after of the deployed certificate, unix seconds.");
        _lastSuccess = factory.CreateGauge("lbacme_sidecar_certificate_last_success_seconds", "When a certificate sync round last succeeded, unix seconds.");
        _retryDelay = factory.CreateGauge("lbacme_sidecar_certificate_retry_delay_seconds", "Current backoff after failed rounds; 0 while healthy.");
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
        }
    }

    public void Refused(string reason) => _refusals.WithLabels(reason).Inc();

    public void Applied(string method) => _applies.WithLabels(method).Inc();

    public void Deployed(DateTimeOffset notAfter) => _notAfter.Set(notAfter.ToUnixTimeSeconds());

    public void RetryDelay(TimeSpan delay) => _retryDelay.Set(delay.TotalSeconds);
}
