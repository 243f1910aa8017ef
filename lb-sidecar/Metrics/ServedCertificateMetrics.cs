using LbAcme.Sidecar.Certificates;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// The leaf in each PEM HAProxy serves (or loads at its next start), labelled by certificate: set from the file at
/// start and on every change of it, so a restarted sidecar reports its real expiry before any deploy, and a sidecar
/// on its bootstrap (self-signed) certificate says so instead of looking healthy.
/// </summary>
internal sealed class ServedCertificateMetrics
{
    private readonly Gauge _notAfter;
    private readonly Gauge _notBefore;
    private readonly Gauge _info;
    private readonly Gauge _bootstrap;
    private readonly Gauge _deprecatedNotAfter;

    public ServedCertificateMetrics(MetricFactory factory)
    {
        // Absent, not 0, until a leaf is known: 0 would read as a certificate that expired in 1970.
        var untilKnown = new GaugeConfiguration { SuppressInitialValue = true };
        _notAfter = factory.CreateGauge("lbacme_sidecar_certificate_not_after_timestamp_seconds", "Not-after of the leaf HAProxy serves for the certificate (the deployed PEM), unix seconds.", ["certificate"], untilKnown);
        _notBefore = factory.CreateGauge("lbacme_sidecar_certificate_not_before_timestamp_seconds", "Not-before of the leaf HAProxy serves for the certificate (the deployed PEM), unix seconds.", ["certificate"], untilKnown);
        _info = factory.CreateGauge("lbacme_sidecar_certificate_info", "Always 1: serial, issuer and self_signed (true, false) of the leaf HAProxy serves for the certificate; only the current leaf has a series.", "certificate", "serial", "issuer", "self_signed");
        _bootstrap = factory.CreateGauge("lbacme_sidecar_certificate_bootstrap", "1 while HAProxy serves the self-signed bootstrap certificate for the certificate (no real one deployed yet), else 0.", "certificate");
        _deprecatedNotAfter = factory.CreateGauge("lbacme_sidecar_certificate_not_after_seconds", "Deprecated, use lbacme_sidecar_certificate_not_after_timestamp_seconds (removed in the next release); the fleet's first certificate.", untilKnown);
    }

    public Child For(string certificate, bool first) => new(this, certificate, first);

    /// <summary>One certificate's series.</summary>
    internal sealed class Child(ServedCertificateMetrics parent, string certificate, bool first)
    {
        private Gauge.Child? _currentInfo;

        /// <summary>What the PEM holds now; null when nothing usable is there (the series go away rather than lie).</summary>
        public void Served(DeployedCertificate? leaf)
        {
            if (leaf is null)
            {
                parent._notAfter.RemoveLabelled(certificate);
                parent._notBefore.RemoveLabelled(certificate);
                if (first)
                {
                    parent._deprecatedNotAfter.Unpublish();
                }
                _currentInfo?.Remove();
                _currentInfo = null;
                parent._bootstrap.WithLabels(certificate).Set(0);
                return;
            }
            parent._notAfter.WithLabels(certificate).Set(leaf.NotAfter.ToUnixTimeSeconds());
            parent._notBefore.WithLabels(certificate).Set(leaf.NotBefore.ToUnixTimeSeconds());
            if (first)
            {
                parent._deprecatedNotAfter.Set(leaf.NotAfter.ToUnixTimeSeconds());
            }
            parent._bootstrap.WithLabels(certificate).Set(leaf.IsSelfSigned ? 1 : 0);
            var info = parent._info.WithLabels(certificate, leaf.Serial, leaf.Issuer, leaf.IsSelfSigned ? "true" : "false");
            if (!ReferenceEquals(info, _currentInfo))
            {
                // An info metric has one series per certificate: the old leaf's would otherwise stay at 1 beside the new one.
                _currentInfo?.Remove();
                _currentInfo = info;
            }
            info.Set(1);
        }
    }
}
