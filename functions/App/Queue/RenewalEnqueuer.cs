using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Queue;

/// <summary>One message per LB, stamped now: what the timer and the Renew function both do before they return.</summary>
public sealed class RenewalEnqueuer
{
    private readonly IRenewalRequests _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RenewalEnqueuer(IRenewalRequests queue, TimeProvider time, ILogger<RenewalEnqueuer> logger)
    {
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    /// <summary>The messages put on the queue, each with the queue's id for it.</summary>
    public async Task<IReadOnlyList<(RenewalMessage Message, string Id)>> EnqueueAsync(IEnumerable<LoadBalancerOptions> lbs, string trigger, bool force, bool isPastDue, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var messages = lbs.Select(lb => new RenewalMessage(lb.Name, trigger, force, now)).ToList();
        var ids = await _queue.EnqueueAsync(messages, cancellationToken);
        FunctionLog.Enqueued(_logger, messages.Count, trigger, isPastDue);
        return messages.Zip(ids).ToList();
    }
}
