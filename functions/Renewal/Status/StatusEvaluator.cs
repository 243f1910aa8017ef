using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Status;

/// <summary>
/// The fleet status document from its inputs, with no I/O and no clock of its own (the inputs carry now), so every
/// state boundary is testable. Per address see <see cref="AddressEvaluator"/>. An LB is the worst of its own
/// addresses and its renewal (failing when its last attempt failed or was poisoned); before any probe has seen it,
/// its sidecar's report stands in for the served column. A VIP is served by whichever LB holds it: a VIP serving
/// any LB's issued certificate is judged against that LB; otherwise against the LB whose own address serves the same
/// leaf; otherwise against the fleet's newest issuance and longest sync interval (the holder is unknown).
/// </summary>
public static class StatusEvaluator
{
    public static FleetStatusDocument Evaluate(StatusInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = inputs.Now;
        var observations = inputs.Served?.Observations ?? [];
        var lbs = inputs.LoadBalancers.Select(lb => EvaluateLb(lb, observations.Where(o => o.Kind == ServedAddressKind.Lb && o.Lb == lb.Lb).ToList(), now)).ToList();
        var vips = observations.Where(o => o.Kind == ServedAddressKind.Vip)
            .Select(o => AddressEvaluator.Evaluate(o, VipTarget(o, inputs.LoadBalancers, observations), now)).ToList();
        var state = lbs.Select(l => l.State).Concat(vips.Select(v => v.State)).Aggregate(CertificateState.Ok, CertificateStates.Worst);
        var runs = inputs.Runs;
        var overdue = runs is { LastRun: { } last, Interval: { } interval } && now - last > 2 * interval;
        var probe = inputs.Served is { } report
            ? new ProbeSummary(report.Started, report.Finished, report.Observations.Count, report.Observations.Count(o => ServedEvidence.From(o) is null))
            : null;
        return new FleetStatusDocument(FleetStatusDocument.CurrentSchemaVersion, now, state, runs.LastRun, runs.NextRun, overdue, probe, lbs, vips);
    }

    private static LbStatusEntry EvaluateLb(LbStatusInput lb, IReadOnlyList<ServedObservation> observations, DateTimeOffset now)
    {
        var target = RolloutTarget.For(lb);
        var addresses = observations.Select(o => AddressEvaluator.Evaluate(o, target, now)).ToList();
        var served = addresses.Count > 0
            ? addresses.Select(a => new Verdict(a.State, Prefixed(a), a.Action)).Aggregate(Verdict.Worst)
            : Unprobed(lb, target, now);
        var verdict = lb.State?.LastOutcome is LbOutcomeKind.Failed or LbOutcomeKind.Poisoned
            ? Verdict.Worst(StatusTexts.Failing(lb), served)
            : served;
        var state = lb.State;
        var deployed = lb.Deployed is { } d ? new DeployedCertificateEntry(d.Serial, d.NotAfter, d.When, d.Outcome, d.Result, d.SelfSigned) : null;
        return new LbStatusEntry(lb.Lb, verdict.State, verdict.Summary, verdict.Action, lb.Issued, deployed,
            state?.LastAttempt, state?.LastOutcome?.ToString(), state?.LastProblem, state?.ConsecutiveFailures ?? 0,
            state?.NextAttempt ?? state?.NextCheck, state?.LastReason, state?.DueReason, addresses);
    }

    /// <summary>No probe has seen the LB: its sidecar's report is the best evidence of what it serves.</summary>
    private static Verdict Unprobed(LbStatusInput lb, RolloutTarget target, DateTimeOffset now)
    {
        var reported = ServedEvidence.From(lb.Deployed, lb.Issued);
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

    private static RolloutTarget VipTarget(ServedObservation vip, IReadOnlyList<LbStatusInput> lbs, IReadOnlyList<ServedObservation> observations)
    {
        if (vip.Serial is { } serial)
        {
            var holder = lbs.FirstOrDefault(lb => Serials.Same(lb.Issued?.Serial, serial))
                ?? lbs.FirstOrDefault(lb => observations.Any(o => o.Kind == ServedAddressKind.Lb && o.Lb == lb.Lb && Serials.Same(o.Serial, serial)));
            if (holder is not null)
            {
                return RolloutTarget.For(holder);
            }
        }
        // The holder is unknown: the fleet's newest issuance is the most lenient clock, its longest interval the most lenient allowance.
        var newest = lbs.Where(lb => lb.Issued is not null).MaxBy(lb => RolloutTarget.For(lb).IssuedSince);
        var interval = lbs.Count > 0 ? lbs.Max(lb => lb.SyncInterval) : CertificateSyncDefaults.Interval;
        return new RolloutTarget(null, newest?.Issued, interval, null, null);
    }

    private static string Prefixed(AddressStatusEntry address) => $"{address.Address} ({address.ServerName}): {address.Summary}";
}
