using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Status;

/// <summary>
/// One certificate of one LB: the worst of the addresses that were asked its names (<see cref="AddressEvaluator"/>)
/// and its own renewal (failing when its last attempt failed or was poisoned); before any probe asked its names, the
/// sidecar's report of it stands in. A due order that waits for a Let's Encrypt limit is said in the summary, with
/// until when and which limit.
/// </summary>
internal static class CertificateEvaluator
{
    public static CertificateStatusEntry Evaluate(LbStatusInput lb, CertificateStatusInput certificate, IReadOnlyList<ServedObservation> observations,
        SiblingCertificate.Lookup siblings, DateTimeOffset now)
    {
        var target = RolloutTarget.For(lb, certificate);
        var addresses = observations.Select(o => AddressEvaluator.Evaluate(o, target, now, siblings)).ToList();
        var served = addresses.Count > 0
            ? addresses.Select(a => new Verdict(a.State, Prefixed(a), a.Action)).Aggregate(Verdict.Worst)
            : Unprobed(certificate, target, now);
        var state = certificate.State;
        var verdict = state is { LastOutcome: LbOutcomeKind.Failed or LbOutcomeKind.Poisoned }
            ? Verdict.Worst(StatusTexts.Failing(target, state), served)
            : served;
        verdict = StatusTexts.Waiting(verdict, state, now);
        var deployed = certificate.Deployed is { } d ? new DeployedCertificateEntry(d.Serial, d.NotAfter, d.When, d.Outcome, d.Result, d.SelfSigned) : null;
        return new CertificateStatusEntry(certificate.Certificate, certificate.Names, verdict.State, verdict.Summary, verdict.Action, certificate.Issued, deployed,
            state?.LastAttempt, state?.LastOutcome?.ToString(), state?.LastProblem, state?.ConsecutiveFailures ?? 0, state?.NextAttempt ?? state?.NextCheck,
            state?.LastReason, state?.DueReason, state?.WaitingUntil, state?.WaitingFor, addresses);
    }

    /// <summary>No probe has asked this certificate's names: the sidecar's report is the best evidence of what it serves.</summary>
    private static Verdict Unprobed(CertificateStatusInput certificate, RolloutTarget target, DateTimeOffset now)
    {
        var reported = ServedEvidence.From(certificate.Deployed, certificate.Issued);
        if (reported is not null)
        {
            return AddressEvaluator.Judge(reported, target, null, now);
        }
        if (target.IssuedSince is not { } since)
        {
            return StatusTexts.NothingIssued(null, target);
        }
        var elapsed = now - since;
        return elapsed <= 2 * target.Interval ? StatusTexts.RollingOut(null, target, elapsed) : StatusTexts.Stuck(null, target, elapsed);
    }

    private static string Prefixed(AddressStatusEntry address) => $"{address.Address} ({address.ServerName}): {address.Summary}";
}
