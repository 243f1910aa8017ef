using LbAcme.Acme.Problems;

namespace LbAcme.Acme;

/// <summary>
/// Waits between polls: the server's Retry-After when given (capped), else an exponential backoff;
/// never past the overall deadline, which ends in an <see cref="AcmeTimeoutException"/> naming the last status.
/// </summary>
internal sealed class Poller
{
    private readonly TimeProvider _time;
    private readonly AcmeClientOptions _options;
    private readonly TimeSpan _deadline;
    private readonly DateTimeOffset _giveUpAt;
    private TimeSpan _next;

    public Poller(TimeProvider time, AcmeClientOptions options, TimeSpan deadline)
    {
        _time = time;
        _options = options;
        _deadline = deadline;
        _giveUpAt = time.GetUtcNow() + deadline;
        _next = options.PollInitialDelay;
    }

    public async Task WaitAsync(Uri resource, string status, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var remaining = _giveUpAt - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            throw new AcmeTimeoutException(resource, status, _deadline);
        }
        var wait = retryAfter is { } asked ? Min(asked, _options.PollMaxDelay) : _next;
        _next = Min(_next * 2, _options.PollMaxDelay);
        await Task.Delay(Min(wait, remaining), _time, cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
