namespace LbAcme.Renewal.Policy;

/// <summary>
/// The policy's answer for one LB: renew now or not, why, the ARI CertID to send as "replaces" (when the
/// order replaces a certificate), and when it is worth looking again.
/// </summary>
public sealed record RenewalDecision(bool Renew, RenewalReason Reason, DateTimeOffset NextCheck, string? Replaces)
{
    public static RenewalDecision Now(RenewalReason reason, DateTimeOffset now, string? replaces = null) => new(true, reason, now, replaces);

    public static RenewalDecision Later(DateTimeOffset nextCheck) => new(false, RenewalReason.NotDue, nextCheck, null);
}
