using System.Net.Http.Headers;

namespace LbAcme.Acme.Http;

/// <summary>Retry-After as delta seconds or an HTTP date (RFC 9110 §10.2.3), as a wait from now.</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Parse(RetryConditionHeaderValue? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return null;
        }
        if (value.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (value.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
