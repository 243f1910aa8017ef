using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Notifications;

/// <summary>The fleet configures no webhook: there is no one to tell, so not even the status is read.</summary>
public sealed class NotificationsOff : IFleetNotifications
{
    public Task NotifyFleetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task NotifyRenewalEndedAsync(LbOutcome outcome, bool willRetry, CancellationToken cancellationToken) => Task.CompletedTask;
}
