using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// An LB's outcome from its certificates' outcomes. One certificate: that outcome itself (so a one-certificate fleet
/// reads exactly as before). Several: the most pressing kind (a failure before a renewal before a wait before nothing
/// due), that certificate's reason, every non-routine certificate's detail, the fleet's first certificate's serial
/// and not-after, the earliest next check, and retryable when any failed certificate is: a redelivery then renews
/// only what still needs it (see <see cref="CertificateRenewal"/>).
/// </summary>
public static class LbOutcomes
{
    // Lower is more pressing.
    private static readonly LbOutcomeKind[] Precedence =
    [
        LbOutcomeKind.Failed,
        LbOutcomeKind.Poisoned,
        LbOutcomeKind.UnknownCertificate,
        LbOutcomeKind.UnknownLb,
        LbOutcomeKind.Renewed,
        LbOutcomeKind.Deferred,
        LbOutcomeKind.BackingOff,
        LbOutcomeKind.SkippedLocked,
        LbOutcomeKind.NotDue,
    ];

    public static LbOutcome Combine(string lb, IReadOnlyList<LbOutcome> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            return new LbOutcome(lb, LbOutcomeKind.NotDue, null, "the fleet has no certificates", null, null, null, Certificates: []);
        }
        if (certificates.Count == 1)
        {
            return certificates[0] with { Certificates = [certificates[0]] };
        }
        var top = certificates.OrderBy(c => Rank(c.Outcome)).First();
        var details = certificates.Where(c => c.Outcome is not (LbOutcomeKind.NotDue or LbOutcomeKind.Renewed) && c.Detail is not null)
            .Select(c => $"{c.Certificate}: {c.Detail}").ToList();
        var first = certificates[0];
        return new LbOutcome(
            lb,
            top.Outcome,
            top.Reason,
            details.Count == 0 ? null : string.Join("; ", details),
            first.Serial,
            first.NotAfter,
            certificates.Select(c => c.NextCheck).Where(n => n is not null).Min(),
            certificates.Any(c => c.Outcome == LbOutcomeKind.Failed && c.Retryable),
            Certificate: null,
            Certificates: certificates);
    }

    private static int Rank(LbOutcomeKind kind)
    {
        var at = Array.IndexOf(Precedence, kind);
        return at < 0 ? Precedence.Length : at;
    }
}
