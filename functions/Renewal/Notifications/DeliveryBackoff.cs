namespace LbAcme.Renewal.Notifications;

/// <summary>
/// The wait before a retry: doubling from the first delay, capped, with "equal jitter" (half fixed, half random) so
/// instances that failed together do not retry together, while the wait never drops below half the step.
/// </summary>
public static class DeliveryBackoff
{
    /// <param name="options">The first delay and the cap.</param>
    /// <param name="failedAttempts">Attempts made so far (1 before the second attempt).</param>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan Delay(DeliveryOptions options, int failedAttempts, double random)
    {
        ArgumentNullException.ThrowIfNull(options);
        var step = options.FirstRetryDelay * Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var capped = step < options.MaxRetryDelay ? step : options.MaxRetryDelay;
        return (capped / 2) + (capped / 2 * random);
    }
}
