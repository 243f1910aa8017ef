using System.Text;
using LbAcme.Core.Status;

namespace LbAcme.Operator.Table;

/// <summary>
/// The terminal table of <c>lb-acme status</c> and of run-local's ending: one row per (LB, certificate) and one per
/// address asked that certificate's names (LB, certificate, address, SNI, state, serial served, expires in, problem and
/// action), columns as wide as their longest cell (each capped), the
/// last one cut to the terminal's width. The state cell is coloured only when the style allows it.
/// </summary>
public static class StatusTable
{
    private const int MaxCell = 64;
    private const int MaxProblem = 160;
    private const int MinProblem = 20;
    private const string Gap = "  ";
    private const string Reset = "\u001b[0m";

    private static readonly string[] Header = ["LB", "CERTIFICATE", "ADDRESS", "SNI", "STATE", "SERIAL SERVED", "EXPIRES IN", "PROBLEM / ACTION"];

    private const int StateColumn = 4;

    public static string Render(FleetStatusDocument document, DateTimeOffset now, TerminalStyle style)
    {
        ArgumentNullException.ThrowIfNull(style);
        return Render(StatusRow.From(document, now), style);
    }

    public static string Render(IReadOnlyList<StatusRow> rows, TerminalStyle style)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(style);
        var cells = rows.Select(r => new[] { r.Lb, r.Certificate, r.Address, r.ServerName, r.State.Display(), r.Serial, r.ExpiresIn, r.Problem })
            .Select(c => c.Select((text, i) => TerminalText.Fit(text, i == c.Length - 1 ? MaxProblem : MaxCell)).ToArray())
            .Prepend(Header).ToList();
        var last = Header.Length - 1;
        var widths = Enumerable.Range(0, Header.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        if (style.Width is { } width)
        {
            widths[last] = Math.Min(widths[last], Math.Max(MinProblem, width - widths[..last].Sum() - (Gap.Length * last)));
        }
        var text = new StringBuilder();
        for (var r = 0; r < cells.Count; r++)
        {
            var line = new StringBuilder();
            for (var i = 0; i <= last; i++)
            {
                var cell = TerminalText.Fit(cells[r][i], widths[i]);
                var padded = i == last ? cell : cell.PadRight(widths[i]) + Gap;
                line.Append(style.Color && r > 0 && i == StateColumn ? Colored(padded, rows[r - 1].State) : padded);
            }
            text.Append(line.ToString().TrimEnd()).Append('\n');
            if (r == 0)
            {
                text.Append(string.Join(Gap, widths.Select(w => new string('-', w)))).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Colored(string padded, CertificateState state)
    {
        var color = state switch
        {
            CertificateState.Ok => "\u001b[32m",
            CertificateState.RollingOut or CertificateState.Expiring => "\u001b[33m",
            _ => "\u001b[31m",
        };
        // Only the word is coloured; the padding stays outside so the columns line up.
        var word = padded.TrimEnd();
        return color + word + Reset + padded[word.Length..];
    }
}
