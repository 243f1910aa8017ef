using LbAcme.Core.Fleet;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// What an address should serve for one certificate's names and how long a change may take: the LB's issued copy of
/// <see cref="Certificate"/> and its sync interval (for a VIP, the LB that holds it). <see cref="Lb"/> is null for a VIP
/// whose holder is unknown, <see cref="Deployed"/> the holder's sidecar report of this certificate (it can vouch for a
/// rollout the last probe predates); <see cref="Subject"/> the (LB, certificate) key of its runs/ records.
/// </summary>
internal sealed record RolloutTarget(string? Lb, string Certificate, IssuedCertificateEntry? Issued, TimeSpan Interval, CertificateDeployStatus? Deployed, DateTimeOffset? NextCheck)
{
    public static RolloutTarget For(LbStatusInput lb, CertificateStatusInput certificate) =>
        new(lb.Lb, certificate.Certificate, certificate.Issued, lb.SyncInterval, certificate.Deployed, certificate.State?.NextAttempt ?? certificate.State?.NextCheck);

    /// <summary>When the rollout clock started: the version's store time, else the leaf's not-before.</summary>
    public DateTimeOffset? IssuedSince => Issued is null ? null : Issued.StoredAt ?? Issued.NotBefore;

    /// <summary>The key of this (LB, certificate) in runs/ ("lb0", or "lb0.api" for a certificate other than default); null without an LB.</summary>
    public string? Subject => Lb is null ? null : FleetCertificates.SubjectKey(Lb, Certificate);
}
