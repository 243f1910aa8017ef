using System.Globalization;

namespace LbAcme.AttackBench.Run;

/// <summary>The report: one row per attack (and its load and failure detail beneath), then the one-line summary.</summary>
internal static class ResultTable
{
    public static void Print(TextWriter output, IReadOnlyList<AttackResult> results)
    {
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"attack",-26} {"legit ok",9} {"n",5} {"p99 ms",8} {"RSS MB: before",15} {"peak",7} {"after",7} {"log bytes",12}"));
        output.WriteLine(new string('-', 96));
        foreach (var r in results)
        {
            var after = r.RssAfterMb is { } mb ? mb.ToString("0.0", CultureInfo.InvariantCulture) : "-";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Title,-26} {r.Legit.SuccessPercent,8:0.0}% {r.Legit.Total,5} {r.Legit.P99Ms,8:0} {r.RssBeforeMb,15:0.0} {r.RssPeakMb,7:0.0} {after,7} {r.LogBytes,12}"));
            output.WriteLine($"    legit: {r.Legit.Detail}");
            output.WriteLine($"    load:  {r.Load}");
        }
        var attacks = results.Where(r => r.RssAfterMb is not null).ToList();
        if (attacks.Count == 0)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attack: legit success {attacks.Min(r => r.Legit.SuccessPercent):0.0}%, worst legit p99 {attacks.Max(r => r.Legit.P99Ms):0} ms, RSS after {attacks.Max(r => r.RssAfterMb!.Value):0} MB"));
    }
}
