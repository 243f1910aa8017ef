using LbAcme.Core.Fleet;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// Turns the fleet's status and final renewal failures into webhook posts. Each evaluation claims what it will send in
/// the shared state first (a conditional write: a second instance sees the claim and sends nothing), then delivers,
/// then records what was delivered; what failed is released and tried again next run. A channel that fails is not
/// tried again in the same evaluation, so a dead receiver costs one bounded delivery per run, not one per event.
/// </summary>
public sealed class WebhookNotifications : IFleetNotifications
{
    /// <summary>Conditional writes per step; each lost race means another instance made progress.</summary>
    public const int MaxStateAttempts = 10;

    private readonly IFleetStatusSource _status;
    private readonly INotificationStateStore _state;
    private readonly WebhookSender _sender;
    private readonly NotificationChannels _channels;
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly DeliveryOptions _delivery;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WebhookNotifications(IFleetStatusSource status, INotificationStateStore state, WebhookSender sender, NotificationChannels channels,
        IOptionsMonitor<FleetOptions> fleet, DeliveryOptions delivery, TimeProvider time, ILogger<WebhookNotifications> logger)
    {
        _status = status;
        _state = state;
        _sender = sender;
        _channels = channels;
        _fleet = fleet;
        _delivery = delivery;
        _time = time;
        _logger = logger;
    }

    public async Task NotifyFleetAsync(CancellationToken cancellationToken)
    {
        try
        {
            var status = await _status.GetAsync(cancellationToken);
            var findings = FleetFindings.From(status, _fleet.CurrentValue.Notifications.FailingAfter, _channels.StatusUrl);
            await RunAsync(findings, complete: true, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            NotificationLog.EvaluationFailed(_logger, e.GetType().Name, e.Message);
        }
    }

    public async Task NotifyRenewalEndedAsync(LbOutcome outcome, bool willRetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (RenewalFindings.From(outcome, willRetry, _time.GetUtcNow(), _channels.StatusUrl, outcome.Certificate) is not { } finding)
        {
            return;
        }
        try
        {
            await RunAsync([finding], complete: false, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            NotificationLog.EvaluationFailed(_logger, e.GetType().Name, e.Message);
        }
    }

    private async Task RunAsync(IReadOnlyList<Finding> findings, bool complete, CancellationToken callerToken)
    {
        // Bounded on its own: the renewal's caller may pass no token, and a notification must never hold it up for long.
        using var bound = new CancellationTokenSource((_delivery.TotalTimeout * 2) + TimeSpan.FromMinutes(1), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, bound.Token);
        var cancellationToken = linked.Token;
        var owner = Guid.NewGuid().ToString("N");
        var names = _channels.Webhooks.Select(w => w.Name).ToList();
        var reminder = _fleet.CurrentValue.Notifications.ReminderInterval;
        // A claim outlives the longest delivery it covers; one left by an instance that died expires, and is sent again.
        var claimFor = _delivery.TotalTimeout + TimeSpan.FromMinutes(1);
        IReadOnlyList<PlannedDelivery>? claimed = null;
        for (var attempt = 0; attempt < MaxStateAttempts && claimed is null; attempt++)
        {
            var (document, version) = await _state.ReadAsync(cancellationToken);
            var (deliveries, changed) = NotificationPlanner.Plan(document, findings, complete, names, reminder, _time.GetUtcNow(), owner, claimFor);
            if (!changed)
            {
                return;
            }
            if (await _state.TryWriteAsync(document, version, cancellationToken))
            {
                claimed = deliveries;
            }
        }
        if (claimed is null)
        {
            NotificationLog.StateContended(_logger, MaxStateAttempts);
            return;
        }
        if (claimed.Count == 0)
        {
            return;
        }
        var results = await Task.WhenAll(_channels.Webhooks.Select(w => DeliverAsync(w, claimed.Where(d => d.Channel == w.Name).ToList(), cancellationToken)));
        await CompleteAsync(owner, results.SelectMany(r => r).ToList(), names, cancellationToken);
    }

    /// <summary>One channel's deliveries in order; after a failure the rest wait for the next run (their claims are released).</summary>
    private async Task<List<(PlannedDelivery, bool)>> DeliverAsync(WebhookChannel channel, List<PlannedDelivery> deliveries, CancellationToken cancellationToken)
    {
        var results = new List<(PlannedDelivery, bool)>(deliveries.Count);
        var failed = false;
        foreach (var delivery in deliveries)
        {
            if (failed)
            {
                results.Add((delivery, false));
                continue;
            }
            var e = delivery.Event;
            var result = await _sender.SendAsync(channel, WebhookPayloads.Render(channel.Kind, e), cancellationToken);
            var label = NotificationText.Label(e.Event);
            if (result.Delivered)
            {
                NotificationLog.Delivered(_logger, channel.Name, label, delivery.Subject, e.State, result.Attempts);
            }
            else
            {
                NotificationLog.DeliveryFailed(_logger, channel.Name, label, delivery.Subject, result.Attempts, result.Error ?? "unknown");
                failed = true;
            }
            results.Add((delivery, result.Delivered));
        }
        return results;
    }

    private async Task CompleteAsync(string owner, List<(PlannedDelivery Delivery, bool Delivered)> results, List<string> names, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxStateAttempts; attempt++)
        {
            var (document, version) = await _state.ReadAsync(cancellationToken);
            NotificationPlanner.Complete(document, owner, results, names, _time.GetUtcNow());
            if (await _state.TryWriteAsync(document, version, cancellationToken))
            {
                return;
            }
        }
        // The claims expire on their own: what was delivered may then be sent once more, never lost.
        NotificationLog.StateContended(_logger, MaxStateAttempts);
    }
}
