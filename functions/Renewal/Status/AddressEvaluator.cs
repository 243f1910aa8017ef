using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// One address (or, before any probe, one LB's sidecar report) against what it should serve: rollout and expiry,
/// the worse of the two. Rollout: the issued certificate served is ok; another one is rolling out for up to two
/// sync intervals after the issued version was stored and stuck after that. Between one and two intervals the state
/// stays rolling out (the summary says it is late): a sidecar polls once per interval, may back off after a failed
/// round, and the probe looks at its own moment, so one interval is the expected case, not the limit.
/// A leaf that is another certificate of the fleet (its issued or deployed serial) is the wrong certificate for this SNI:
/// HAProxy's crt-list did not select the one carrying the name (stuck), unless that other certificate carries the name
/// too (names two certificates share): then it is judged as that certificate.
/// </summary>
internal static class AddressEvaluator
{
    public static AddressStatusEntry Evaluate(ServedObservation observation, RolloutTarget target, DateTimeOffset now, SiblingCertificate.Lookup? siblings = null)
    {
        if (ServedEvidence.From(observation) is not { } served)
        {
            var verdict = StatusTexts.Unreachable(observation, target);
            return Entry(observation, target, verdict, null);
        }
        var sibling = Serials.Same(served.Serial, target.Issued?.Serial) || Serials.Same(served.Serial, target.Deployed?.Serial)
            ? null
            : (siblings ?? SiblingCertificate.None)(served.Serial);
        var judged = sibling switch
        {
            null => Judge(served, target, observation.ServerName, now),
            _ when sibling.Names.Contains(observation.ServerName, StringComparer.Ordinal) => Judge(served, sibling.Target, observation.ServerName, now),
            _ => StatusTexts.WrongCertificate(served, target, sibling, observation.ServerName),
        };
        return Entry(observation, target, judged, served.ToEntry(observation, now));
    }

    public static Verdict Judge(ServedEvidence served, RolloutTarget target, string? serverName, DateTimeOffset now)
    {
        var (rollout, expiryEvidence) = Rollout(served, target, serverName, now);
        return expiryEvidence.SelfSigned || !ExpiryWindow.IsExpiring(expiryEvidence.NotBefore, expiryEvidence.NotAfter, now)
            ? rollout
            : Verdict.Worst(rollout, StatusTexts.Expiring(expiryEvidence, target, now));
    }

    /// <summary>The rollout verdict, and whose dates the expiry is judged on (the sidecar's deployed one when it is newer than the probe).</summary>
    private static (Verdict Verdict, ServedEvidence ExpiryEvidence) Rollout(ServedEvidence served, RolloutTarget target, string? serverName, DateTimeOffset now)
    {
        if (target.Issued is not { } issued || target.IssuedSince is not { } since)
        {
            return (StatusTexts.NothingIssued(served, target), served);
        }
        if (Serials.Same(served.Serial, issued.Serial))
        {
            var verdict = !served.ChainValid ? StatusTexts.ChainInvalid(served, target)
                : !served.NamesCovered ? StatusTexts.NameNotCovered(served, target, serverName)
                : StatusTexts.Ok(served, now);
            return (verdict, served);
        }
        if (served.FromProbe && served.ObservedAt < since && target.Deployed is { } deployed && Serials.Same(deployed.Serial, issued.Serial))
        {
            // The probe looked before this version existed; the sidecar has since reported it deployed.
            var vouched = new ServedEvidence(issued.Serial, issued.NotBefore, issued.NotAfter, false, deployed.When ?? since, true, null, true, FromProbe: false);
            return (StatusTexts.DeployedSinceProbe(vouched, served, now), vouched);
        }
        var elapsed = now - since;
        var verdictByAge = elapsed <= 2 * target.Interval
            ? StatusTexts.RollingOut(served, target, elapsed)
            : StatusTexts.Stuck(served, target, elapsed);
        return (verdictByAge, served);
    }

    private static AddressStatusEntry Entry(ServedObservation o, RolloutTarget target, Verdict verdict, ServedCertificateEntry? served) =>
        new(o.Address, o.Kind, o.Lb, o.ServerName, verdict.State, verdict.Summary, verdict.Action, o.ProbedAt, o.Error, served, target.Certificate);
}
