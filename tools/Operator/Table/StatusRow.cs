using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.Renewal.Status;

namespace LbAcme.Operator.Table;

/// <summary>
/// One line of the table, every text already made terminal-safe: an LB's copy of one certificate (its own state, the
/// serials its SNI names were served with, a limit its order waits for), then each probed address asked that
/// certificate's names; the VIPs last.
/// </summary>
public sealed record StatusRow(string Lb, string Certificate, string Address, string ServerName, CertificateState State, string Serial, string ExpiresIn, string Problem)
{
    public const string VipLabel = "vip";
    public const string LbItselfLabel = "(lb)";
    private const string None = "-";

    public static IReadOnlyList<StatusRow> From(FleetStatusDocument document, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        var rows = new List<StatusRow>();
        foreach (var lb in document.LoadBalancers)
        {
            foreach (var certificate in Certificates(lb))
            {
                rows.Add(ForCertificate(lb.Lb, certificate, now));
                rows.AddRange(certificate.Addresses.Select(a => ForAddress(a, lb.Lb, certificate.Certificate, now)));
            }
        }
        rows.AddRange(document.Vips.Select(v => ForAddress(v, null, null, now)));
        return rows;
    }

    /// <summary>The LB's certificates; a document from a function before several certificates existed has none: the LB itself is its one certificate.</summary>
    private static IReadOnlyList<CertificateStatusEntry> Certificates(LbStatusEntry lb) => lb.Certificates is { Count: > 0 } certificates
        ? certificates
        : [new CertificateStatusEntry(None, [], lb.State, lb.Summary, lb.Action, lb.Issued, lb.Deployed, lb.LastAttempt, lb.LastOutcome, lb.LastProblem,
            lb.ConsecutiveFailures, lb.NextCheck, lb.LastReason, lb.DueReason, null, null, lb.Addresses)];

    private static StatusRow ForCertificate(string lb, CertificateStatusEntry certificate, DateTimeOffset now)
    {
        var served = certificate.Addresses.Select(a => a.Served).OfType<ServedCertificateEntry>().ToList();
        var serials = served.Select(s => s.Serial).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var problem = ProblemCell(certificate.State, certificate.Summary, certificate.Action);
        if (problem.Length == 0 && certificate.WaitingUntil is { } until)
        {
            // An ok certificate whose next order waits: the summary of a state that is not ok already says so.
            problem = TerminalText.Safe($"order waits until {StatusDurations.At(until)} for {certificate.WaitingFor ?? "a Let's Encrypt limit"}");
        }
        return new StatusRow(
            TerminalText.Safe(lb),
            TerminalText.Safe(certificate.Certificate),
            LbItselfLabel,
            certificate.Names.Count == 0 ? None : TerminalText.Safe(string.Join(" ", certificate.Names)),
            certificate.State,
            serials.Count == 0 ? None : TerminalText.Safe(string.Join(" ", serials)),
            served.Count == 0 ? None : Durations.Until(served.Min(s => s.NotAfter), now),
            problem);
    }

    private static StatusRow ForAddress(AddressStatusEntry a, string? lb, string? certificate, DateTimeOffset now) => new(
        TerminalText.Safe(a.Kind == ServedAddressKind.Vip ? VipLabel : a.Lb ?? lb),
        TerminalText.Safe(a.Certificate ?? certificate ?? None),
        TerminalText.Safe(a.Address),
        TerminalText.Safe(a.ServerName),
        a.State,
        a.Served is { } served ? TerminalText.Safe(served.Serial) : None,
        a.Served is { } leaf ? Durations.Until(leaf.NotAfter, now) : None,
        ProblemCell(a.State, a.Error ?? a.Summary, a.Action));

    /// <summary>Nothing for an ok row; otherwise what is wrong and what to do, as one short cell.</summary>
    private static string ProblemCell(CertificateState state, string? problem, string? action)
    {
        if (state == CertificateState.Ok)
        {
            return string.Empty;
        }
        string[] parts = [.. new[] { problem, action }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => TerminalText.Safe(p!.Trim()))];
        return string.Join("; ", parts);
    }
}
