using System.Globalization;

namespace LbAcme.Sidecar.Logging;

/// <summary>Durations as people read them in a log line: 200ms, 10s, 2.5s, 5m, 1h30m.</summary>
internal static class Durations
{
    public static string Describe(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{Math.Max(0, (int)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}ms";
        }
        if (duration < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Round(duration.TotalSeconds, 1).ToString("0.#", CultureInfo.InvariantCulture)}s";
        }
        var parts = new List<string>(3);
        if (duration.Days > 0 || duration.Hours > 0)
        {
            parts.Add($"{((int)duration.TotalHours).ToString(CultureInfo.InvariantCulture)}h");
        }
        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes.ToString(CultureInfo.InvariantCulture)}m");
        }
        if (duration.Seconds > 0 && duration < TimeSpan.FromHours(1))
        {
            parts.Add($"{duration.Seconds.ToString(CultureInfo.InvariantCulture)}s");
        }
        return string.Concat(parts);
    }
}
