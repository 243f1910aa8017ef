using System.Globalization;
using LbAcme.Core.Status;
using LbAcme.Operator.Status;

namespace LbAcme.Operator.Table;

/// <summary>The lines around the table: the verdict first (what a Nagios-style check shows), the fleet and probe lines after.</summary>
public static class FleetLines
{
    /// <summary>E.g. "LB-ACME CRITICAL - fleet stuck: 9 addresses, 7 ok, 1 rolling out, 1 stuck; renewal run overdue".</summary>
    public static string Verdict(FleetStatusDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var code = StatusVerdict.For(document);
        var addresses = document.LoadBalancers.SelectMany(lb => lb.Addresses).Concat(document.Vips).ToList();
        var counts = addresses.GroupBy(a => a.State).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Display()}");
        var lbsNotOk = document.LoadBalancers.Count(lb => lb.State != CertificateState.Ok);
        var text = $"LB-ACME {code.Word()} - fleet {document.State.Display()}: {addresses.Count} addresses";
        text += addresses.Count > 0 ? ", " + string.Join(", ", counts) : string.Empty;
        text += string.Create(CultureInfo.InvariantCulture, $"; {document.LoadBalancers.Count - lbsNotOk} of {document.LoadBalancers.Count} LBs ok");
        return document.RunOverdue ? text + "; renewal run overdue" : text;
    }

    /// <summary>E.g. "fleet: ok  last run: 2026-12-02 08:17 UTC (45m ago)  next run: 2026-12-02 09:17 UTC (in 14m)  run overdue: no".</summary>
    public static string Fleet(FleetStatusDocument document, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        return $"fleet: {document.State.Display()}  last run: {Durations.When(document.LastRun, now)}  next run: {Durations.When(document.NextRun, now)}  run overdue: {(document.RunOverdue ? "yes" : "no")}";
    }

    /// <summary>E.g. "probe: 2026-12-02 08:17 UTC (45m ago), 9 addresses, 1 unreachable", or that none ran yet.</summary>
    public static string Probe(FleetStatusDocument document, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Probe is { } probe
            ? string.Create(CultureInfo.InvariantCulture, $"probe: {Durations.When(probe.Finished, now)}, {probe.Addresses} addresses, {probe.Unreachable} unreachable")
            : "probe: none has run yet (the served columns are empty)";
    }
}
