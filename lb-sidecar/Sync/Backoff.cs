namespace LbAcme.Sidecar.Sync;

/// <summary>Exponential backoff with ±20 % jitter so a fleet that lost the store does not retry in lockstep.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(TimeSpan first, TimeSpan max, int failures)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 16);
        var raw = Math.Min(first.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
#pragma warning disable CA5394 // jitter, not security
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        // Whole milliseconds: what a timer waits, so the delay logged is the delay taken.
        return TimeSpan.FromMilliseconds(Math.Floor(Math.Min(raw * jitter, max.TotalMilliseconds)));
    }
}
