namespace LbAcme.Renewal.Policy;

/// <summary>
/// After failed attempts, wait before trying the same LB again: 1 h, 2 h, 4 h, ... capped at a day (Let's
/// Encrypt asks for at most one attempt per certificate per day while failing; 5 failed validations per
/// identifier per hour would otherwise lock us out). A CA's Retry-After always wins if it is longer.
/// </summary>
public static class FailureBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromHours(1);
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    public static DateTimeOffset NextAttempt(DateTimeOffset lastFailure, int consecutiveFailures, TimeSpan? retryAfter)
    {
        if (consecutiveFailures <= 0)
        {
            return lastFailure;
        }
        var exponent = Math.Min(consecutiveFailures - 1, 10);
        var wait = TimeSpan.FromTicks(Math.Min(First.Ticks << exponent, Max.Ticks));
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked;
        }
        return lastFailure + wait;
    }
}
