namespace LbAcme.AttackBench.Legit;

/// <summary>What the legitimate client saw: success rate, p99 over every request (failures at the time they took), and why the rest failed.</summary>
internal sealed class LegitStats(IReadOnlyList<LegitOutcome> outcomes)
{
    public int Total => outcomes.Count;

    public int Ok => outcomes.Count(o => o.Ok);

    public double SuccessPercent => Total == 0 ? 0 : 100.0 * Ok / Total;

    /// <summary>Nearest-rank 99th percentile of all latencies, failed requests included.</summary>
    public double P99Ms
    {
        get
        {
            if (Total == 0)
            {
                return 0;
            }
            var sorted = outcomes.Select(o => o.Milliseconds).Order().ToList();
            return sorted[(int)Math.Ceiling(0.99 * sorted.Count) - 1];
        }
    }

    /// <summary>Per kind "ok/total", then the failure reasons with their counts.</summary>
    public string Detail
    {
        get
        {
            var kinds = outcomes.GroupBy(o => o.Kind).Select(g => $"{g.Key} {g.Count(o => o.Ok)}/{g.Count()}");
            var failures = outcomes.Where(o => !o.Ok).GroupBy(o => o.Failure).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}×{g.Count()}").ToList();
            return string.Join(", ", kinds) + (failures.Count == 0 ? "" : "; failed: " + string.Join(", ", failures));
        }
    }
}
