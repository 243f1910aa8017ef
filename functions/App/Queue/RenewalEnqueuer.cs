using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Queue;

/// <summary>
/// One message per LB (never one per certificate: the LB's invocation holds locks/{lb} and runs its certificates in
/// turn), stamped now: what the timer and the Renew function both do before they return. A timer
/// firing is also written down (<see cref="ITimerRunLog"/>) for the status's dead-man's switch; a manual renew is
/// not, since it proves nothing about the schedule.
/// </summary>
public sealed class RenewalEnqueuer
{
    private readonly IRenewalRequests _queue;
    private readonly ITimerRunLog _timerRuns;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RenewalEnqueuer(IRenewalRequests queue, ITimerRunLog timerRuns, TimeProvider time, ILogger<RenewalEnqueuer> logger)
    {
        _queue = queue;
        _timerRuns = timerRuns;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The messages put on the queue, each with the queue's id for it. <paramref name="certificate"/> names the one
    /// fleet certificate each LB's invocation renews; null: all of them (the invocation runs them in turn).
    /// </summary>
    public async Task<IReadOnlyList<(RenewalMessage Message, string Id)>> EnqueueAsync(IEnumerable<LoadBalancerOptions> lbs, string trigger, bool force, bool isPastDue, CancellationToken cancellationToken, string? certificate = null)
    {
        var now = _time.GetUtcNow();
        var messages = lbs.Select(lb => new RenewalMessage(lb.Name, trigger, force, now, certificate)).ToList();
        var ids = await _queue.EnqueueAsync(messages, cancellationToken);
        FunctionLog.Enqueued(_logger, messages.Count, trigger, isPastDue);
        if (trigger == FunctionNames.RenewalTimer)
        {
            await RecordTimerRunAsync(new TimerRun(now, messages.Count), cancellationToken);
        }
        return messages.Zip(ids).ToList();
    }

    /// <summary>The messages are on the queue: a record that cannot be written is logged, never a failed run.</summary>
    private async Task RecordTimerRunAsync(TimerRun run, CancellationToken cancellationToken)
    {
        try
        {
            await _timerRuns.RecordAsync(run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            FunctionLog.TimerRunNotRecorded(_logger, e.GetType().Name, e.Message);
        }
    }
}
