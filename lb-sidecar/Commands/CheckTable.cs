using System.Globalization;
using System.Text;

namespace LbAcme.Sidecar.Commands;

internal sealed record CheckRow(string Name, string Address, bool Reachable, TimeSpan Latency, bool Ok, string Detail);

/// <summary>The fixed-width table <c>lb-sidecar check</c> prints.</summary>
internal static class CheckTable
{
    public static string Render(IReadOnlyList<CheckRow> rows)
    {
        string[] header = ["CHECK", "ADDRESS", "REACHABLE", "LATENCY", "OK", "DETAIL"];
        var cells = rows.Select(r => new[]
        {
            r.Name,
            r.Address,
            r.Reachable ? "yes" : "no",
            string.Create(CultureInfo.InvariantCulture, $"{r.Latency.TotalMilliseconds:0} ms"),
            r.Ok ? "ok" : "FAIL",
            r.Detail,
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }
            text.Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }
}
