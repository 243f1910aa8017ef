namespace LbAcme.Renewal.Notifications;

/// <summary>
/// How hard one notification is pushed: each attempt bounded by <see cref="AttemptTimeout"/>, at most
/// <see cref="MaxAttempts"/> attempts with exponential backoff and jitter between them, and the whole delivery
/// bounded by <see cref="TotalTimeout"/>, so a dead receiver costs the timer a known, small time. Not in the fleet
/// file: these protect the function, they are not a choice for the operator.
/// </summary>
public sealed class DeliveryOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
