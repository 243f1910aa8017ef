using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Served;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// The timer: one message per LB on the renewal queue, then done in seconds. Each LB's orders (one per fleet
/// certificate, in turn) then run in its own RenewLb invocation, which the platform isolates, retries and scales. Then the served-certificate probe, whose
/// failure is a log line, never a failed timer run.
/// </summary>
public sealed class RenewalTimerFunction
{
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly RenewalEnqueuer _enqueuer;
    private readonly LeftoverReport _leftovers;
    private readonly ServedProbeRecorder _probe;
    private readonly IFleetNotifications _notifications;

    public RenewalTimerFunction(IOptionsMonitor<FleetOptions> fleet, RenewalEnqueuer enqueuer, LeftoverReport leftovers, ServedProbeRecorder probe, IFleetNotifications notifications)
    {
        _fleet = fleet;
        _enqueuer = enqueuer;
        _leftovers = leftovers;
        _probe = probe;
        _notifications = notifications;
    }

    [Function(FunctionNames.RenewalTimer)]
    public async Task RunAsync([TimerTrigger("%" + FunctionNames.ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var fleet = _fleet.CurrentValue;
        var lbs = fleet.LoadBalancers;
        await _enqueuer.EnqueueAsync(lbs, FunctionNames.RenewalTimer, force: false, timer.IsPastDue, cancellationToken);
        await _leftovers.ReportAsync(lbs.Select(lb => lb.Name), [.. FleetCertificates.All(fleet).Select(c => c.Name)], cancellationToken);
        await _probe.TryRecordAsync(cancellationToken);
        // Never throws: a notification that cannot be delivered is logged and tried again next run.
        await _notifications.NotifyFleetAsync(cancellationToken);
    }
}
