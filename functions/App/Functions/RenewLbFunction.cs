using System.Globalization;
using Azure.Storage.Queues.Models;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// One LB's renewal per queue message: lease, decide, order, self-test, import, journal (the engine does it).
/// A failure a prompt retry can fix throws, so the queue delivers the message again after host.json's
/// visibilityTimeout; on the last delivery the LB is recorded as Poisoned before the host moves the message.
/// Every other outcome completes the message — the engine's backoff, not the queue, paces a CA's "no".
/// A message that can never succeed (not ours, or an LB the fleet lacks) goes to the poison queue at once.
/// </summary>
public sealed class RenewLbFunction
{
    private readonly IRenewalRunner _runner;
    private readonly IOptionsMonitor<FleetOptions> _fleet;
    private readonly IRenewalRequests _queue;
    private readonly IFleetNotifications _notifications;
    private readonly ILogger _logger;

    public RenewLbFunction(IRenewalRunner runner, IOptionsMonitor<FleetOptions> fleet, IRenewalRequests queue, IFleetNotifications notifications, ILogger<RenewLbFunction> logger)
    {
        _runner = runner;
        _fleet = fleet;
        _queue = queue;
        _notifications = notifications;
        _logger = logger;
    }

    [Function(FunctionNames.RenewLb)]
    public async Task RunAsync(
        [QueueTrigger(RenewalQueueContract.QueueName, Connection = RenewalQueueContract.Connection)] QueueMessage message,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.Body?.ToString() ?? string.Empty;
        var parsed = RenewalMessage.Parse(text);
        if (parsed.Message is not { } request)
        {
            await PoisonAsync(parsed.Problem!, text, cancellationToken);
            return;
        }
        var lb = _fleet.CurrentValue.FindLoadBalancer(request.Lb);
        if (lb is null)
        {
            await PoisonAsync($"the fleet has no load balancer named '{request.Lb}'", text, cancellationToken);
            return;
        }
        var redelivered = message.DequeueCount > 1;
        var last = message.DequeueCount >= RenewalQueueContract.MaxDequeueCount;
        LbOutcome outcome;
        try
        {
            outcome = await _runner.RenewAsync(new LbRenewalRequest(lb.Name, request.Trigger, request.Force, redelivered), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The engine turns the LB's own failures into outcomes; anything else still gets its line, so the alert
            // that reads these lines sees every invocation the queue will give up on.
            outcome = new LbOutcome(lb.Name, LbOutcomeKind.Failed, e.GetType().Name, e.Message, null, null, null, Retryable: true);
            await EndFailedAsync(outcome, message.DequeueCount, last, request.Trigger);
            throw;
        }
        if (outcome.Outcome == LbOutcomeKind.UnknownLb)
        {
            // The fleet changed between the check above and the run: no delivery can succeed either.
            await PoisonAsync(outcome.Detail!, text, cancellationToken);
            return;
        }
        if (outcome.Outcome == LbOutcomeKind.Failed && outcome.Retryable)
        {
            outcome = await EndFailedAsync(outcome, message.DequeueCount, last, request.Trigger);
            throw new LbRenewalFailedException(outcome, message.DequeueCount);
        }
        Log(outcome, message.DequeueCount, request.Trigger, willRetry: false);
        await _notifications.NotifyRenewalEndedAsync(outcome, willRetry: false, cancellationToken);
    }

    /// <summary>A failure the queue retries: logged as such, or, on the last delivery, recorded and logged as Poisoned.</summary>
    private async Task<LbOutcome> EndFailedAsync(LbOutcome outcome, long delivery, bool last, string trigger)
    {
        if (last)
        {
            outcome = outcome with { Outcome = LbOutcomeKind.Poisoned };
            await RecordPoisonedAsync(outcome.Lb, $"gave up after {delivery} deliveries: {outcome.Detail}");
        }
        Log(outcome, delivery, trigger, willRetry: !last);
        await _notifications.NotifyRenewalEndedAsync(outcome, willRetry: !last, CancellationToken.None);
        return outcome;
    }

    private async Task PoisonAsync(string problem, string text, CancellationToken cancellationToken)
    {
        var shown = text.Length > 512 ? text[..512] + "…" : text;
        FunctionLog.MessagePoisoned(_logger, problem, shown);
        await _queue.PoisonAsync(text, cancellationToken);
    }

    private async Task RecordPoisonedAsync(string lb, string detail)
    {
        try
        {
            // Not the invocation's token: the host may be cancelling, and this is the one note the operator gets.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _runner.RecordPoisonedAsync(lb, detail, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FunctionLog.PoisonRecordFailed(_logger, lb, e.Message);
        }
    }

    private void Log(LbOutcome outcome, long delivery, string trigger, bool willRetry)
    {
        // A failure the queue will retry is a warning; the one that stays is an error.
        var level = outcome.Outcome is LbOutcomeKind.Failed or LbOutcomeKind.Poisoned ? (willRetry ? LogLevel.Warning : LogLevel.Error) : LogLevel.Information;
        if (!_logger.IsEnabled(level))
        {
            return;
        }
        var problemType = outcome.Outcome is LbOutcomeKind.Failed or LbOutcomeKind.Poisoned ? outcome.Reason : null;
        var name = outcome.Outcome.ToString();
        var notAfter = outcome.NotAfter?.ToString("O", CultureInfo.InvariantCulture);
        FunctionLog.RenewalEnded(_logger, level, outcome.Lb, name, outcome.Detail ?? outcome.Reason, outcome.Serial, notAfter, problemType, delivery, willRetry, trigger);
    }
}
