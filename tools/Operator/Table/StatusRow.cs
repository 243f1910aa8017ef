using LbAcme.Core.Served;
using LbAcme.Core.Status;

namespace LbAcme.Operator.Table;

/// <summary>
/// One line of the table, every text already made terminal-safe: a probed address (an LB's own or a VIP), or an LB
/// whose own state says more than its addresses do (failing renewals while the old certificate still serves, or no
/// address probed yet).
/// </summary>
public sealed record StatusRow(string Lb, string Address, string ServerName, CertificateState State, string Serial, string ExpiresIn, string Problem)
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
            var addresses = lb.Addresses.Select(a => ForAddress(a, lb.Lb, now)).ToList();
            if (addresses.Count == 0 || lb.State > addresses.Max(a => a.State))
            {
                rows.Add(new StatusRow(TerminalText.Safe(lb.Lb), LbItselfLabel, None, lb.State, None, None, ProblemCell(lb.State, lb.Summary, lb.Action)));
            }
            rows.AddRange(addresses);
        }
        rows.AddRange(document.Vips.Select(v => ForAddress(v, null, now)));
        return rows;
    }

    private static StatusRow ForAddress(AddressStatusEntry a, string? lb, DateTimeOffset now) => new(
        TerminalText.Safe(a.Kind == ServedAddressKind.Vip ? VipLabel : a.Lb ?? lb),
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
