using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// One certificate of this LB, resolved once from the fleet and sidecar options: which store copy to pull, which
/// names it must cover, where HAProxy reads it and its name inside HAProxy (the path as the crt-list writes it).
/// </summary>
internal sealed record CertificateTarget(
    string Certificate,
    string StoreName,
    IReadOnlyList<string> RequiredNames,
    string PemPath,
    string RuntimeCertificatePath)
{
    /// <summary>Every certificate of the fleet for <paramref name="lb"/>, in <see cref="FleetCertificates.All"/> order (the first is HAProxy's default).</summary>
    public static IReadOnlyList<CertificateTarget> All(FleetOptions fleet, LoadBalancerOptions lb, CertificateSyncOptions sync)
    {
        var certificates = FleetCertificates.All(fleet);
        return [.. certificates.Select(certificate =>
        {
            // The overrides name one file; validation refuses them for a fleet of several certificates.
            var single = certificates.Count == 1;
            var pemPath = single && sync.PemPath is { } overridden ? overridden : FleetCertificates.PemPath(fleet, certificate);
            return new CertificateTarget(
                certificate.Name,
                FleetCertificates.StoreName(sync.CertificateName, certificate.Name, lb.Name),
                FleetCertificates.NamesFor(certificate, lb),
                pemPath,
                single && !string.IsNullOrWhiteSpace(sync.RuntimeCertificatePath) ? sync.RuntimeCertificatePath : pemPath);
        })];
    }
}
