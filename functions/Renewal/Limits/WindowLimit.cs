namespace LbAcme.Renewal.Limits;

/// <summary>
/// One of Let's Encrypt's limits, kept as a sliding window: at most <see cref="Count"/> events in ANY span of
/// <see cref="Window"/>. Let's Encrypt counts with token buckets (capacity N, refilled N per window), which allow up to
/// N at once and then one per refill interval; a sliding window never allows more than N in any window, so it never
/// lets through what a bucket would refuse.
/// </summary>
public sealed record WindowLimit(string Name, int Count, TimeSpan Window)
{
    /// <summary>
    /// When the next event may happen given <paramref name="times"/> (earlier events), keeping at most
    /// <paramref name="usable"/> in any window; <paramref name="now"/> when there is room.
    /// </summary>
    public DateTimeOffset NextAllowed(IEnumerable<DateTimeOffset> times, DateTimeOffset now, int usable)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentOutOfRangeException.ThrowIfLessThan(usable, 1);
        var inWindow = times.Where(t => t > now - Window).Order().ToList();
        // Room once the oldest of the last `usable` events leaves the window (an event at exactly now - Window is out).
        return inWindow.Count < usable ? now : inWindow[inWindow.Count - usable] + Window;
    }

    /// <summary>How many of <see cref="Count"/> this client lets itself use: the fraction, rounded down, at least one.</summary>
    public int Usable(double fraction) => Math.Max(1, (int)Math.Floor(Count * fraction));

    /// <summary>The sentence a refusal carries, e.g. "new certificates per registered domain example.com: the 45 of Let's Encrypt's 50 per 7 days this fleet may use are taken".</summary>
    public string Describe(string subject, int usable) =>
        $"{Name} {subject}: the {usable} of Let's Encrypt's {Count} per {Span(Window)} this fleet may use are taken";

    private static string Span(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays % 1 == 0 ? $"{window.TotalDays:0} days"
        : window.TotalHours % 1 == 0 ? $"{window.TotalHours:0} hour{(window.TotalHours == 1 ? "" : "s")}"
        : window.ToString();
}
