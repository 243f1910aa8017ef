using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Notifications;
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
    private readonly LeftoverReport _leftovers;
    private readonly IFleetNotifications _notifications;

    public RenewalTimerFunction(IOptionsMonitor<FleetOptions> fleet, RenewalEnqueuer enqueuer, LeftoverReport leftovers, IFleetNotifications notifications)
    {
        _fleet = fleet;
        _enqueuer = enqueuer;
        _leftovers = leftovers;
        _notifications = notifications;
    }

    [Function(FunctionNames.RenewalTimer)]
    public async Task RunAsync([TimerTrigger("%" + FunctionNames.ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var lbs = _fleet.CurrentValue.LoadBalancers;
        await _enqueuer.EnqueueAsync(lbs, FunctionNames.RenewalTimer, force: false, timer.IsPastDue, cancellationToken);
        await _leftovers.ReportAsync(lbs.Select(lb => lb.Name), cancellationToken);
        // Never throws: a notification that cannot be delivered is logged and tried again next run.
        await _notifications.NotifyFleetAsync(cancellationToken);
    }
}
