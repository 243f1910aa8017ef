using System.Globalization;

namespace LbAcme.Operator.Table;

/// <summary>Short spans for a table cell: "59d 3h", "5h 12m", "40m", "expired 2d 4h ago".</summary>
public static class Durations
{
    public static string Until(DateTimeOffset when, DateTimeOffset now) =>
        when >= now ? Compact(when - now) : $"expired {Compact(now - when)} ago";

    public static string Compact(TimeSpan span)
    {
        var s = span.Duration();
        if (s.TotalDays >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)s.TotalDays}d {s.Hours}h");
        }
        return s.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Hours}h {s.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{s.Minutes}m");
    }
}
