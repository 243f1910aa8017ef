using System.Globalization;
using Azure.Storage.Queues.Models;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Functions;

/// <summary>
/// One LB's renewal per queue message, every certificate of the LB in turn (or the one the message names): lease,
/// decide, order, self-test, import, journal (the engine does it). A failure a prompt retry can fix, of any of the
/// certificates, throws, so the queue delivers the message again after host.json's visibilityTimeout; the redelivery
/// orders only the certificates that still need it (one renewed by the first delivery is not ordered again, one that
/// failed for good keeps its backoff). On the last delivery each certificate still failing is recorded as Poisoned
/// before the host moves the message. Every other outcome completes the message — the engine's backoff, not the
/// queue, paces a CA's "no". A message that can never succeed (not ours, an LB or a certificate the fleet lacks)
/// goes to the poison queue at once.
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
        var fleet = _fleet.CurrentValue;
        var lb = fleet.FindLoadBalancer(request.Lb);
        if (lb is null)
        {
            await PoisonAsync($"the fleet has no load balancer named '{request.Lb}'", text, cancellationToken);
            return;
        }
        if (request.Certificate is { } named && FleetCertificates.Find(fleet, named) is null)
        {
            await PoisonAsync($"the fleet has no certificate named '{named}'", text, cancellationToken);
            return;
        }
        var redelivered = message.DequeueCount > 1;
        var last = message.DequeueCount >= RenewalQueueContract.MaxDequeueCount;
        var requestedAt = request.RequestedAt == DateTimeOffset.MinValue ? (DateTimeOffset?)null : request.RequestedAt;
        LbOutcome outcome;
        try
        {
            outcome = await _runner.RenewAsync(new LbRenewalRequest(lb.Name, request.Trigger, request.Force, redelivered, request.Certificate, requestedAt), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The engine turns the LB's own failures into outcomes; anything else still gets its line, so the alert
            // that reads these lines sees every invocation the queue will give up on.
            var asked = request.Certificate is { } one ? [one] : FleetCertificates.All(fleet).Select(c => c.Name).ToList();
            outcome = LbOutcomes.Combine(lb.Name, [.. asked.Select(c => new LbOutcome(lb.Name, LbOutcomeKind.Failed, e.GetType().Name, e.Message, null, null, null, Retryable: true, Certificate: c))]);
            await EndAsync(outcome, message.DequeueCount, last, request.Trigger);
            throw;
        }
        if (outcome.Outcome is LbOutcomeKind.UnknownLb or LbOutcomeKind.UnknownCertificate)
        {
            // The fleet changed between the check above and the run: no delivery can succeed either.
            await PoisonAsync(outcome.Detail!, text, cancellationToken);
            return;
        }
        var retry = outcome.PerCertificate.Any(c => c.Outcome == LbOutcomeKind.Failed && c.Retryable);
        outcome = await EndAsync(outcome, message.DequeueCount, last, request.Trigger);
        if (retry)
        {
            throw new LbRenewalFailedException(outcome, message.DequeueCount);
        }
    }

    /// <summary>
    /// One line and one notification per certificate. A retryable failure is one the queue retries (the message comes
    /// back for the whole LB, and the engine then orders only what still needs it), or on the last delivery it is
    /// recorded and logged as Poisoned; every other certificate's outcome is final now.
    /// </summary>
    private async Task<LbOutcome> EndAsync(LbOutcome outcome, long delivery, bool last, string trigger)
    {
        var ended = new List<LbOutcome>();
        foreach (var certificate in outcome.PerCertificate)
        {
            var retried = certificate.Outcome == LbOutcomeKind.Failed && certificate.Retryable;
            var final = certificate;
            if (retried && last)
            {
                final = certificate with { Outcome = LbOutcomeKind.Poisoned };
                await RecordPoisonedAsync(final.Lb, final.Certificate ?? FleetCertificates.DefaultName, $"gave up after {delivery} deliveries: {final.Detail}");
            }
            Log(final, delivery, trigger, willRetry: retried && !last);
            await _notifications.NotifyRenewalEndedAsync(final, willRetry: retried && !last, CancellationToken.None);
            ended.Add(final);
        }
        return LbOutcomes.Combine(outcome.Lb, ended);
    }

    private async Task PoisonAsync(string problem, string text, CancellationToken cancellationToken)
    {
        var shown = text.Length > 512 ? text[..512] + "…" : text;
        FunctionLog.MessagePoisoned(_logger, problem, shown);
        await _queue.PoisonAsync(text, cancellationToken);
    }

    private async Task RecordPoisonedAsync(string lb, string certificate, string detail)
    {
        try
        {
            // Not the invocation's token: the host may be cancelling, and this is the one note the operator gets.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _runner.RecordPoisonedAsync(lb, certificate, detail, timeout.Token);
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
        FunctionLog.RenewalEnded(_logger, level, outcome.Lb, outcome.Certificate ?? FleetCertificates.DefaultName, name, outcome.Detail ?? outcome.Reason, outcome.Serial, notAfter, problemType, delivery, willRetry, trigger);
    }
}
