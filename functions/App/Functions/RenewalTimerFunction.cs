using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// The timer: one message per LB on the renewal queue, then done in seconds. Each LB's order then runs in its
/// own RenewLb invocation, which the platform isolates, retries and scales.
/// </summary>
public sealed class RenewalTimerFunction
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly RenewalEnqueuer _enqueuer;

    public RenewalTimerFunction(IOptionsMonitor<FleetOptions> fleet, RenewalEnqueuer enqueuer)
    {
        _fleet = fleet;
        _enqueuer = enqueuer;
    }

    [Function(FunctionNames.RenewalTimer)]
    public async Task RunAsync([TimerTrigger("%" + FunctionNames.ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        await _enqueuer.EnqueueAsync(_fleet.CurrentValue.LoadBalancers, FunctionNames.RenewalTimer, force: false, timer.IsPastDue, cancellationToken);
    }
}
