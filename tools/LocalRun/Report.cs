namespace LbAcme.LocalRun;

/// <summary>The table run-local prints: one row per LB, or per (LB, certificate) for a fleet of several certificates.</summary>
internal static class Report
{
    /// <summary>
    /// One LB's certificate: <c>Certificate</c> names the fleet certificate (Fleet:Certificates), null for the Names
    /// shorthand; <c>SniName</c> is what the handshake asks the LB's HAProxy for (null: the LB's own name).
    /// </summary>
    public sealed record Row(string Lb, string Serial, string NotAfter, string ValidatedVia, string Result, string Serving, bool Good, string? Certificate = null, string? SniName = null);

    public static void Print(IReadOnlyList<Row> rows)
    {
        string[] header = ["LB", "serial", "not after (UTC)", "validated via (DNS -> LB or VIP)", "certificate", "its HAProxy serves it (TLS handshake)"];
        var cells = rows.Select(r => new[] { r.Certificate is null ? r.Lb : $"{r.Lb} {r.Certificate}", r.Serial, r.NotAfter, r.ValidatedVia, r.Result, r.Serving }).Prepend(header).ToList();
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
