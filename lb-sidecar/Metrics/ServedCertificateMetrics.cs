using LbAcme.Sidecar.Certificates;
using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// The leaf in the PEM HAProxy serves (or loads at its next start): set from the file at start and on every change
/// of it, so a restarted sidecar reports its real expiry before any deploy, and a sidecar on its bootstrap
/// (self-signed) certificate says so instead of looking healthy.
/// </summary>
internal sealed class ServedCertificateMetrics
{
    private readonly Gauge _notAfter;
    private readonly Gauge _notBefore;
    private readonly Gauge _info;
    private readonly Gauge _bootstrap;
    private readonly Gauge _deprecatedNotAfter;
    private Gauge.Child? _currentInfo;

    public ServedCertificateMetrics(MetricFactory factory)
    {
        // Absent, not 0, until a leaf is known: 0 would read as a certificate that expired in 1970.
        var untilKnown = new GaugeConfiguration { SuppressInitialValue = true };
        _notAfter = factory.CreateGauge("lbacme_sidecar_certificate_not_after_timestamp_seconds", "Not-after of the leaf HAProxy serves (the deployed PEM), unix seconds.", untilKnown);
        _notBefore = factory.CreateGauge("lbacme_sidecar_certificate_not_before_timestamp_seconds", "Not-before of the leaf HAProxy serves (the deployed PEM), unix seconds.", untilKnown);
        _info = factory.CreateGauge("lbacme_sidecar_certificate_info", "Always 1: serial, issuer and self_signed (true, false) of the leaf HAProxy serves; only the current leaf has a series.", "serial", "issuer", "self_signed");
        _bootstrap = factory.CreateGauge("lbacme_sidecar_certificate_bootstrap", "1 while HAProxy serves the self-signed bootstrap certificate (no real certificate deployed yet), else 0.");
        _deprecatedNotAfter = factory.CreateGauge("lbacme_sidecar_certificate_not_after_seconds", "Deprecated, use lbacme_sidecar_certificate_not_after_timestamp_seconds (removed in the next release).", untilKnown);
    }

    /// <summary>What the PEM holds now; null when nothing usable is there (the series go away rather than lie).</summary>
    public void Served(DeployedCertificate? leaf)
    {
        if (leaf is null)
        {
            _notAfter.Unpublish();
            _notBefore.Unpublish();
            _deprecatedNotAfter.Unpublish();
            _currentInfo?.Remove();
            _currentInfo = null;
            _bootstrap.Set(0);
            return;
        }
        _notAfter.Set(leaf.NotAfter.ToUnixTimeSeconds());
        _notBefore.Set(leaf.NotBefore.ToUnixTimeSeconds());
        _deprecatedNotAfter.Set(leaf.NotAfter.ToUnixTimeSeconds());
        _bootstrap.Set(leaf.IsSelfSigned ? 1 : 0);
        var info = _info.WithLabels(leaf.Serial, leaf.Issuer, leaf.IsSelfSigned ? "true" : "false");
        if (!ReferenceEquals(info, _currentInfo))
        {
            // An info metric has one series: the old leaf's would otherwise stay at 1 beside the new one.
            _currentInfo?.Remove();
            _currentInfo = info;
        }
        info.Set(1);
    }
}
