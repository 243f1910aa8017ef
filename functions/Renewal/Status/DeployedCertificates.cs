using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>One certificate's part of a sidecar's status/{lb} report.</summary>
public static class DeployedCertificates
{
    /// <summary>
    /// The entry for <paramref name="certificate"/> in <see cref="DeployStatus.Certificates"/>; a report without that list
    /// (a sidecar from before several certificates) describes one certificate, the fleet's first
    /// (<paramref name="first"/>), in its top-level fields. Null when the report says nothing about this certificate.
    /// </summary>
    public static CertificateDeployStatus? Of(DeployStatus? report, string certificate, bool first)
    {
        if (report is null)
        {
            return null;
        }
        if (report.Certificates is { } entries)
        {
            return entries.FirstOrDefault(e => e is not null && string.Equals(e.Certificate, certificate, StringComparison.Ordinal));
        }
        return first
            ? new CertificateDeployStatus(certificate, report.Serial, report.NotAfter, report.When, report.Result, report.Outcome, report.SelfSigned, report.StoreVersion, report.Reason)
            : null;
    }
}
