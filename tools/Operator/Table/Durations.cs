using LbAcme.Renewal.Status;

namespace LbAcme.Operator.Table;

/// <summary>Spans and instants as the status page says them (<see cref="StatusDurations"/>), worded for a terminal line.</summary>
public static class Durations
{
    /// <summary>"59d 3h", or "expired 2d 4h ago".</summary>
    public static string Until(DateTimeOffset when, DateTimeOffset now) =>
        when >= now ? StatusDurations.Describe(when - now) : $"expired {StatusDurations.Describe(now - when)} ago";

    /// <summary>"2026-12-02 08:17 UTC (43m ago)", "2026-12-02 09:17 UTC (in 17m)", or "never".</summary>
    public static string When(DateTimeOffset? when, DateTimeOffset now) => when is not { } at
        ? "never"
        : $"{StatusDurations.At(at)} ({(at <= now ? StatusDurations.Describe(now - at) + " ago" : "in " + StatusDurations.Describe(at - now))})";
}
