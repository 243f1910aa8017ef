using LbAcme.Core.Fleet;
using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Renewal.Status;

/// <summary>
/// The fleet status document from its inputs, with no I/O and no clock of its own (the inputs carry now), so every
/// state boundary is testable. Per certificate see <see cref="CertificateEvaluator"/>, per address
/// <see cref="AddressEvaluator"/>. An LB is the worst of its certificates; its summary and action are the worst
/// certificate's (named when the LB has several), its other top-level fields its first certificate's, as before several
/// certificates existed. An observation that names no certificate (a report from an older probe) is of the first.
/// A VIP asked one certificate's names is served by whichever LB holds it: a VIP serving any LB's issued copy of that
/// certificate is judged against that LB; otherwise against the LB whose own address serves the same leaf; otherwise
/// against the fleet's newest issuance of it and longest sync interval (the holder is unknown).
/// </summary>
public static class StatusEvaluator
{
    public static FleetStatusDocument Evaluate(StatusInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var now = inputs.Now;
        var observations = inputs.Served?.Observations ?? [];
        var first = inputs.LoadBalancers.SelectMany(lb => lb.Certificates).FirstOrDefault()?.Certificate ?? FleetCertificates.DefaultName;
        var lbs = inputs.LoadBalancers.Select(lb => EvaluateLb(lb, observations.Where(o => o.Kind == ServedAddressKind.Lb && o.Lb == lb.Lb).ToList(), now)).ToList();
        var vips = observations.Where(o => o.Kind == ServedAddressKind.Vip)
            .Select(o => EvaluateVip(o, o.Certificate ?? first, inputs.LoadBalancers, observations, now)).ToList();
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
        IReadOnlyList<CertificateStatusInput> certificates = lb.Certificates.Count > 0
            ? lb.Certificates
            : [new CertificateStatusInput(FleetCertificates.DefaultName, [], null, null, null)];
        var first = certificates[0].Certificate;
        var entries = certificates.Select(c => CertificateEvaluator.Evaluate(lb, c,
            [.. observations.Where(o => string.Equals(o.Certificate ?? first, c.Certificate, StringComparison.Ordinal))],
            serial => Sibling(lb, c.Certificate, serial), now)).ToList();
        // The worst certificate explains the LB's state; on a tie the earlier one (fleet order).
        var worst = entries.Aggregate((a, b) => b.State > a.State ? b : a);
        var summary = entries.Count == 1 ? worst.Summary : $"certificate {worst.Certificate}: {worst.Summary}";
        var head = entries[0];
        return new LbStatusEntry(lb.Lb, worst.State, summary, worst.Action, head.Issued, head.Deployed, head.LastAttempt, head.LastOutcome, head.LastProblem,
            head.ConsecutiveFailures, head.NextCheck, head.LastReason, head.DueReason, [.. entries.SelectMany(e => e.Addresses)], entries);
    }

    private static AddressStatusEntry EvaluateVip(ServedObservation vip, string certificate, IReadOnlyList<LbStatusInput> lbs, IReadOnlyList<ServedObservation> observations, DateTimeOffset now)
    {
        var target = VipTarget(vip, certificate, lbs, observations);
        return AddressEvaluator.Evaluate(vip, target, now, serial => lbs.Select(lb => Sibling(lb, certificate, serial)).FirstOrDefault(s => s is not null));
    }

    /// <summary>The LB's certificate other than <paramref name="certificate"/> whose issued or deployed copy has <paramref name="serial"/>.</summary>
    private static SiblingCertificate? Sibling(LbStatusInput lb, string certificate, string serial)
    {
        var other = lb.Certificates.FirstOrDefault(c => !string.Equals(c.Certificate, certificate, StringComparison.Ordinal)
            && (Serials.Same(c.Issued?.Serial, serial) || Serials.Same(c.Deployed?.Serial, serial)));
        return other is null ? null : new SiblingCertificate(other.Certificate, other.Names, RolloutTarget.For(lb, other));
    }

    private static RolloutTarget VipTarget(ServedObservation vip, string certificate, IReadOnlyList<LbStatusInput> lbs, IReadOnlyList<ServedObservation> observations)
    {
        var copies = lbs.Select(lb => (Lb: lb, Copy: lb.Find(certificate))).Where(x => x.Copy is not null).Select(x => (x.Lb, Copy: x.Copy!)).ToList();
        if (vip.Serial is { } serial)
        {
            var holder = copies.FirstOrDefault(x => Serials.Same(x.Copy.Issued?.Serial, serial));
            if (holder.Lb is null)
            {
                holder = copies.FirstOrDefault(x => observations.Any(o => o.Kind == ServedAddressKind.Lb && o.Lb == x.Lb.Lb && Serials.Same(o.Serial, serial)));
            }
            if (holder.Lb is not null)
            {
                return RolloutTarget.For(holder.Lb, holder.Copy);
            }
        }
        // The holder is unknown: the fleet's newest issuance is the most lenient clock, its longest interval the most lenient allowance.
        var newest = copies.Where(x => x.Copy.Issued is not null).Select(x => RolloutTarget.For(x.Lb, x.Copy)).MaxBy(t => t.IssuedSince);
        var interval = lbs.Count > 0 ? lbs.Max(lb => lb.SyncInterval) : CertificateSyncDefaults.Interval;
        return new RolloutTarget(null, certificate, newest?.Issued, interval, null, null);
    }
}
