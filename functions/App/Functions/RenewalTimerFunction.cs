using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// The timer: one message per LB on the renewal queue, then done in seconds. Each LB's order then runs in its
/// own RenewLb invocation, which the platform isolates, retries and scales.
/// </summary>
public sealed class RenewalTimerFunction
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly IRenewalRequests _queue;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RenewalTimerFunction(IOptionsMonitor<FleetOptions> fleet, IRenewalRequests queue, TimeProvider time, ILogger<RenewalTimerFunction> logger)
    {
        _fleet = fleet;
        _queue = queue;
        _time = time;
        _logger = logger;
    }

    [Function(FunctionNames.RenewalTimer)]
    public async Task RunAsync([TimerTrigger("%" + FunctionNames.ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var now = _time.GetUtcNow();
        var messages = _fleet.CurrentValue.LoadBalancers
            .Select(lb => new RenewalMessage(lb.Name, FunctionNames.RenewalTimer, Force: false, now))
            .ToList();
        await _queue.EnqueueAsync(messages, cancellationToken);
        FunctionLog.Enqueued(_logger, messages.Count, FunctionNames.RenewalTimer, timer.IsPastDue);
    }
}
