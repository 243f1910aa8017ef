using LbAcme.Certificates;
using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// One LB's copy of one fleet certificate: what the engine orders, stores and journals as one unit. <see cref="Key"/>
/// keys its state, run records, pending import and budget reservations; <see cref="StoreName"/> is its name in the
/// certificate store. For the default certificate both are what they were before several certificates existed.
/// </summary>
public sealed record RenewalSubject(LoadBalancerOptions Lb, FleetCertificate Certificate, string StoreName)
{
    public static RenewalSubject For(LoadBalancerOptions lb, FleetCertificate certificate, string prefix)
    {
        ArgumentNullException.ThrowIfNull(lb);
        ArgumentNullException.ThrowIfNull(certificate);
        return new RenewalSubject(lb, certificate, CertificateName.Validate(FleetCertificates.StoreName(prefix, certificate.Name, lb.Name)));
    }

    public string Key => FleetCertificates.SubjectKey(Lb.Name, Certificate.Name);

    /// <summary>The names this LB's copy carries (<see cref="FleetCertificates.NamesFor"/>).</summary>
    public IReadOnlyList<string> Names { get; } = FleetCertificates.NamesFor(Certificate, Lb);
}
