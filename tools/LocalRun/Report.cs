namespace LbAcme.LocalRun;

/// <summary>The table run-local prints: one row per LB.</summary>
internal static class Report
{
    public sealed record Row(string Lb, string Serial, string NotAfter, string ValidatedVia, string Result, string Serving, bool Good);

    public static void Print(IReadOnlyList<Row> rows)
    {
        string[] header = ["LB", "serial", "not after (UTC)", "validated via (DNS -> LB or VIP)", "certificate", "its HAProxy serves it (TLS handshake)"];
        var cells = rows.Select(r => new[] { r.Lb, r.Serial, r.NotAfter, r.ValidatedVia, r.Result, r.Serving }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => cells.Max(c => c[i].Length)).ToArray();
        foreach (var (line, index) in cells.Select((c, i) => (c, i)))
        {
            Console.WriteLine(string.Join("  ", line.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
            if (index == 0)
            {
                Console.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
            }
        }
    }
}
