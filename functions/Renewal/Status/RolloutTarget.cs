using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// What an address should serve and how long a change may take: the LB's issued certificate and sync interval (for a
/// VIP, the LB that holds it). <see cref="Lb"/> is null for a VIP whose holder is unknown, <see cref="Deployed"/> the
/// holder's sidecar report (it can vouch for a rollout the last probe predates).
/// </summary>
internal sealed record RolloutTarget(string? Lb, IssuedCertificateEntry? Issued, TimeSpan Interval, DeployStatus? Deployed, DateTimeOffset? NextCheck)
{
    public static RolloutTarget For(LbStatusInput lb) =>
        new(lb.Lb, lb.Issued, lb.SyncInterval, lb.Deployed, lb.State?.NextAttempt ?? lb.State?.NextCheck);

    /// <summary>When the rollout clock started: the version's store time, else the leaf's not-before.</summary>
    public DateTimeOffset? IssuedSince => Issued is null ? null : Issued.StoredAt ?? Issued.NotBefore;
}
