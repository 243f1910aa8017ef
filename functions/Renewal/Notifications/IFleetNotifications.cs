using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// What the functions call to have the fleet's news sent. Neither method throws or fails its caller: a notification
/// that could not be delivered is logged and tried again on the next run.
/// </summary>
public interface IFleetNotifications
{
    /// <summary>Evaluates the fleet's status (after the timer's run) and sends each change, recovery and due reminder.</summary>
    Task NotifyFleetAsync(CancellationToken cancellationToken);

    /// <summary>Sends a renewal failure the queue will not retry (<paramref name="willRetry"/> false); anything else is ignored.</summary>
    Task NotifyRenewalEndedAsync(LbOutcome outcome, bool willRetry, CancellationToken cancellationToken);
}
