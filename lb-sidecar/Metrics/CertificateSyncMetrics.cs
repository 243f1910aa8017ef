using LbAcme.Core.Status;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// Certificate sync's metrics, in the sidecar's registry (same /metrics endpoint). Names are in lb-sidecar/README.md.
/// The per-certificate series carry a <c>certificate</c> label (the fleet's certificate name, "default" for the
/// <c>Fleet:Names</c> shorthand); every outcome, refusal reason and method has its series from start, at 0, for
/// each certificate. The deprecated unlabelled names follow the fleet's first certificate, as they did the only one.
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
        _syncs = factory.CreateCounter("lbacme_sidecar_certificate_syncs_total", "Certificate sync rounds by certificate and outcome.", "certificate", "outcome");
        _lastOutcome = factory.CreateGauge("lbacme_sidecar_certificate_last_outcome", "1 for the outcome of the certificate's last sync round, 0 for the others.", "certificate", "outcome");
        _refusals = factory.CreateCounter("lbacme_sidecar_certificate_refusals_total", "Store certificates refused, by certificate and reason.", "certificate", "reason");
        _applies = factory.CreateCounter("lbacme_sidecar_certificate_applies_total", "Certificates written for HAProxy, by certificate and how HAProxy got them (hot_swap, reload, written_only, failed).", "certificate", "method");
        var untilSucceeded = new GaugeConfiguration { SuppressInitialValue = true };
        _lastSuccess = factory.CreateGauge("lbacme_sidecar_certificate_last_success_timestamp_seconds", "When the certificate's sync round last succeeded, unix seconds; absent before the first.", ["certificate"], untilSucceeded);
        _deprecatedLastSuccess = factory.CreateGauge("lbacme_sidecar_certificate_last_success_seconds", "Deprecated, use lbacme_sidecar_certificate_last_success_timestamp_seconds (removed in the next release); the fleet's first certificate.", untilSucceeded);
        _pendingSince = factory.CreateGauge("lbacme_sidecar_certificate_pending_since_timestamp_seconds",
            "Since when the store has held a newer copy of the certificate this LB has not deployed (refused, or HAProxy did not take it), unix seconds; 0 while nothing is pending. Counted from the sidecar's start or last reload at the latest.", "certificate");
        _retryDelay = factory.CreateGauge("lbacme_sidecar_certificate_retry_delay_seconds", "Current backoff after failed rounds; 0 while healthy.");
        factory.CreateGauge("lbacme_sidecar_certificate_sync_interval_seconds", "Sidecar:CertificateSync:Interval: how often the store is asked for a new version.")
            .Set(options.Value.CertificateSync.Interval.TotalSeconds);
        _served = new ServedCertificateMetrics(factory);
    }

    /// <summary>The series of one certificate, created at 0; <paramref name="first"/> also feeds the deprecated unlabelled names.</summary>
    public CertificateMetrics For(string certificate, bool first)
    {
        foreach (var outcome in DeployOutcomes.All)
        {
            _syncs.WithLabels(certificate, outcome.Label());
            _lastOutcome.WithLabels(certificate, outcome.Label());
        }
        foreach (var reason in DeployRefusals.All)
        {
            _refusals.WithLabels(certificate, reason);
        }
        foreach (var method in DeployMethods.All)
        {
            _applies.WithLabels(certificate, method);
        }
        _pendingSince.WithLabels(certificate).Set(0);
        return new CertificateMetrics(this, certificate, first);
    }

    public void RetryDelay(TimeSpan delay) => _retryDelay.Set(delay.TotalSeconds);

    /// <summary>One certificate's view of the families above.</summary>
    internal sealed class CertificateMetrics(CertificateSyncMetrics parent, string certificate, bool first)
    {
        private readonly ServedCertificateMetrics.Child _served = parent._served.For(certificate, first);

        public void Outcome(DeployOutcome outcome, DateTimeOffset now)
        {
            parent._syncs.WithLabels(certificate, outcome.Label()).Inc();
            foreach (var known in DeployOutcomes.All)
            {
                parent._lastOutcome.WithLabels(certificate, known.Label()).Set(known == outcome ? 1 : 0);
            }
            if (!outcome.IsFailure())
            {
                parent._lastSuccess.WithLabels(certificate).Set(now.ToUnixTimeMilliseconds() / 1000.0);
                if (first)
                {
                    parent._deprecatedLastSuccess.Set(now.ToUnixTimeMilliseconds() / 1000.0);
                }
            }
        }

        public void Refused(string reason) => parent._refusals.WithLabels(certificate, reason).Inc();

        public void Applied(string method) => parent._applies.WithLabels(certificate, method).Inc();

        /// <summary>The leaf the PEM file holds now (null: nothing usable); at start and after every change of the file.</summary>
        public void Served(DeployedCertificate? leaf) => _served.Served(leaf);

        /// <summary>Since when a store certificate waits to be deployed; null when none does.</summary>
        public void Pending(DateTimeOffset? since) => parent._pendingSince.WithLabels(certificate).Set(since?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);
    }
}
