namespace LbAcme.DaprRollout;

/// <summary>Median, 90th percentile (nearest rank) and maximum of a set of durations, in seconds.</summary>
internal sealed record Figures(double Median, double P90, double Max, int Count)
{
    public static Figures Of(IReadOnlyCollection<TimeSpan> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            return new Figures(double.NaN, double.NaN, double.NaN, 0);
        }
        var sorted = samples.Select(s => s.TotalSeconds).Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        var p90 = sorted[(int)Math.Ceiling(0.9 * sorted.Length) - 1];
        return new Figures(median, p90, sorted[^1], sorted.Length);
    }
}
