using System.Globalization;

namespace LbAcme.Renewal.Status;

/// <summary>Spans as the status says them to people: "3d 4h", "2h 5m", "45s"; two units at most, negative as "-3h".</summary>
public static class StatusDurations
{
    public static string Describe(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Describe(span.Negate());
        }
        var (big, bigUnit, small, smallUnit) = span switch
        {
            { TotalDays: >= 1 } => (span.Days, "d", span.Hours, "h"),
            { TotalHours: >= 1 } => (span.Hours, "h", span.Minutes, "m"),
            { TotalMinutes: >= 1 } => (span.Minutes, "m", span.Seconds, "s"),
            _ => ((int)span.TotalSeconds, "s", 0, ""),
        };
        var text = big.ToString(CultureInfo.InvariantCulture) + bigUnit;
        return small > 0 ? $"{text} {small.ToString(CultureInfo.InvariantCulture)}{smallUnit}" : text;
    }

    /// <summary>An instant as the page and the summaries print it: UTC, to the minute.</summary>
    public static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
