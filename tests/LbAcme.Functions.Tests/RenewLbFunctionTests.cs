using System.Collections.Concurrent;
using Azure.Storage.Queues.Models;
using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions.Tests;

/// <summary>
/// Every branch of RenewLb with in-memory fakes: which outcomes complete the message, which throw for a redelivery,
/// when the LB is recorded as poisoned, what goes to the poison queue at once, and the structured line the alerts read.
/// </summary>
public sealed class RenewLbFunctionTests
{
    private static readonly DateTimeOffset NotAfter = new(2027, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly ScriptedRunner _runner = new();
    private readonly RecordingRequests _queue = new();
    private readonly StructuredLogger _log = new();
    private readonly RecordingNotifications _notifications = new();
    private readonly FixedFleet _fleet = new();

    [Fact]
    public async Task A_renewed_LB_completes_the_message_and_logs_its_outcome_and_not_after_as_properties()
    {
        _runner.Next = new LbOutcome("lb1", LbOutcomeKind.Renewed, "Missing", null, "0A1B", NotAfter, null);

        await Function().RunAsync(Message("""{"lb":"lb1","trigger":"RenewalTimer"}""", delivery: 1), CancellationToken.None);

        var line = Assert.Single(_log.Lines, l => l.Id == FunctionLog.RenewalEndedEventId);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("lb1", line.Properties["Lb"]);
        Assert.Equal("Renewed", line.Properties["Outcome"]);
        Assert.Equal("2027-03-01T10:00:00.0000000+00:00", line.Properties["NotAfter"]);
        Assert.Equal("RenewalTimer", line.Properties["Trigger"]);
        Assert.Equal(new LbRenewalRequest("lb1", "RenewalTimer", false, Redelivered: false), Assert.Single(_runner.Requests));
    }

    [Fact]
    public async Task A_retryable_failure_throws_so_the_queue_delivers_it_again_as_a_redelivery()
    {
        _runner.Next = Failed(retryable: true);

        await Assert.ThrowsAsync<LbRenewalFailedException>(() => Function().RunAsync(Message("""{"lb":"lb1","force":true}""", delivery: 2), CancellationToken.None));

        Assert.True(Assert.Single(_runner.Requests).Redelivered);
        Assert.True(_runner.Requests.Single().Force);
        Assert.Empty(_runner.Poisoned);
        var line = _log.Lines.Single(l => l.Id == FunctionLog.RenewalEndedEventId);
        Assert.Equal(("Failed", "True", LogLevel.Warning), (line.Properties["Outcome"], line.Properties["WillRetry"], line.Level));
        Assert.True(Assert.Single(_notifications.Outcomes).WillRetry);
    }

    [Fact]
    public async Task On_the_last_delivery_a_retryable_failure_records_the_LB_as_poisoned_then_throws()
    {
        _runner.Next = Failed(retryable: true);

        await Assert.ThrowsAsync<LbRenewalFailedException>(() => Function().RunAsync(Message("""{"lb":"lb1"}""", RenewalQueueContract.MaxDequeueCount), CancellationToken.None));

        Assert.Equal("lb1", Assert.Single(_runner.Poisoned).Lb);
        var line = _log.Lines.Single(l => l.Id == FunctionLog.RenewalEndedEventId);
        Assert.Equal(("Poisoned", "False"), (line.Properties["Outcome"], line.Properties["WillRetry"]));
        Assert.Equal(LogLevel.Error, line.Level);
        // The queue gives up here: this is the final failure the notifications hear about.
        var notified = Assert.Single(_notifications.Outcomes);
        Assert.Equal((LbOutcomeKind.Poisoned, false), (notified.Outcome.Outcome, notified.WillRetry));
    }

    [Theory]
    [InlineData(1, "Failed", "True")]
    [InlineData(RenewalQueueContract.MaxDequeueCount, "Poisoned", "False")]
    public async Task An_unexpected_exception_still_gets_its_outcome_line_before_the_queue_retries(long delivery, string outcome, string willRetry)
    {
        _runner.Throw = new InvalidOperationException("the engine broke");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Function().RunAsync(Message("""{"lb":"lb1"}""", delivery), CancellationToken.None));

        var line = _log.Lines.Single(l => l.Id == FunctionLog.RenewalEndedEventId);
        Assert.Equal((outcome, willRetry, "InvalidOperationException"), (line.Properties["Outcome"], line.Properties["WillRetry"], line.Properties["ProblemType"]));
        Assert.Equal(outcome == "Poisoned" ? 1 : 0, _runner.Poisoned.Count);
    }

    [Fact]
    public async Task A_failure_a_retry_cannot_fix_completes_the_message_and_the_engine_backoff_paces_it()
    {
        _runner.Next = Failed(retryable: false);

        await Function().RunAsync(Message("""{"lb":"lb1"}""", delivery: 1), CancellationToken.None);

        Assert.Empty(_runner.Poisoned);
        Assert.Empty(_queue.Poisoned);
        var line = _log.Lines.Single(l => l.Id == FunctionLog.RenewalEndedEventId);
        Assert.Equal(("Failed", "rateLimited", "False"), (line.Properties["Outcome"], line.Properties["ProblemType"], line.Properties["WillRetry"]));
        Assert.Equal(LogLevel.Error, line.Level);
        var notified = Assert.Single(_notifications.Outcomes);
        Assert.Equal(("rateLimited", "the detail", false), (notified.Outcome.Reason, notified.Outcome.Detail, notified.WillRetry));
    }

    [Theory]
    [InlineData("""{"lb":"lb9"}""", "no load balancer named 'lb9'")]
    [InlineData("lb1", "not JSON")]
    [InlineData("""{"force":true}""", "'lb'")]
    [InlineData("""{"lb":"lb1","certificate":"www"}""", "no certificate named 'www'")]
    [InlineData("""{"lb":"lb1","certificate":42}""", "'certificate'")]
    public async Task A_message_that_can_never_succeed_is_poisoned_at_once_and_logged_with_its_content(string text, string problem)
    {
        await Function().RunAsync(Message(text, delivery: 1), CancellationToken.None);

        Assert.Equal([text], _queue.Poisoned);
        Assert.Empty(_runner.Requests);
        var line = Assert.Single(_log.Lines, l => l.Id == 3002);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains(problem, line.Properties["Problem"], StringComparison.Ordinal);
        Assert.Equal(text, line.Properties["Content"]);
    }

    [Fact]
    public async Task A_message_naming_one_certificate_asks_the_engine_for_that_certificate_with_the_time_it_was_asked()
    {
        _fleet.CurrentValue.Certificates = [new() { Name = "api", Names = ["api.example"] }, new() { Name = "www", Names = ["www.example"] }];

        await Function().RunAsync(Message("""{"lb":"lb1","certificate":"www","requestedAt":"2026-12-02T10:00:00Z"}""", delivery: 1), CancellationToken.None);

        var request = Assert.Single(_runner.Requests);
        Assert.Equal(("www", DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture)), (request.Certificate, request.RequestedAt));
        Assert.Empty(_queue.Poisoned);
    }

    [Fact]
    public async Task Each_certificate_gets_its_line_and_one_retryable_failure_brings_the_LB_back_while_a_final_one_is_final_now()
    {
        _runner.Next = Several(
            new LbOutcome("lb1", LbOutcomeKind.Renewed, "Missing", null, "0A1B", NotAfter, null, Certificate: "api"),
            new LbOutcome("lb1", LbOutcomeKind.Failed, "SelfTestFailedException", "not synced", null, null, null, Retryable: true, Certificate: "www"),
            new LbOutcome("lb1", LbOutcomeKind.Failed, "rateLimited", "too many", null, null, null, Retryable: false, Certificate: "img"));

        await Assert.ThrowsAsync<LbRenewalFailedException>(() => Function().RunAsync(Message("""{"lb":"lb1"}""", delivery: 1), CancellationToken.None));

        var lines = _log.Lines.Where(l => l.Id == FunctionLog.RenewalEndedEventId).ToDictionary(l => l.Properties["Certificate"]!);
        Assert.Equal(("Renewed", "False"), (lines["api"].Properties["Outcome"], lines["api"].Properties["WillRetry"]));
        Assert.Equal(("Failed", "True"), (lines["www"].Properties["Outcome"], lines["www"].Properties["WillRetry"]));
        Assert.Equal(("Failed", "False", LogLevel.Error), (lines["img"].Properties["Outcome"], lines["img"].Properties["WillRetry"], lines["img"].Level));
        Assert.Equal(["api", "www", "img"], _notifications.Outcomes.Select(o => o.Outcome.Certificate));
        Assert.Equal([false, true, false], _notifications.Outcomes.Select(o => o.WillRetry));
        Assert.Empty(_runner.Poisoned);
    }

    [Fact]
    public async Task On_the_last_delivery_only_the_certificate_still_failing_is_recorded_as_poisoned()
    {
        _runner.Next = Several(
            new LbOutcome("lb1", LbOutcomeKind.NotDue, "renewed by an earlier delivery of this request", null, null, null, null, Certificate: "api"),
            new LbOutcome("lb1", LbOutcomeKind.Failed, "SelfTestFailedException", "not synced", null, null, null, Retryable: true, Certificate: "www"));

        await Assert.ThrowsAsync<LbRenewalFailedException>(() => Function().RunAsync(Message("""{"lb":"lb1"}""", RenewalQueueContract.MaxDequeueCount), CancellationToken.None));

        var poisoned = Assert.Single(_runner.Poisoned);
        Assert.Equal(("lb1", "www"), (poisoned.Lb, poisoned.Certificate));
        var www = _log.Lines.Single(l => l.Id == FunctionLog.RenewalEndedEventId && l.Properties["Certificate"] == "www");
        Assert.Equal(("Poisoned", "False"), (www.Properties["Outcome"], www.Properties["WillRetry"]));
    }

    private static LbOutcome Several(params LbOutcome[] certificates) => Renewal.Engine.LbOutcomes.Combine("lb1", certificates);

    private static LbOutcome Failed(bool retryable) =>
        new("lb1", LbOutcomeKind.Failed, retryable ? "SelfTestFailedException" : "rateLimited", "the detail", null, null, null, retryable);

    private static QueueMessage Message(string text, long delivery) =>
        QueuesModelFactory.QueueMessage("id", "receipt", new BinaryData(text), delivery);

    private RenewLbFunction Function() => new(_runner, _fleet, _queue, _notifications, _log);

    private sealed class RecordingNotifications : IFleetNotifications
    {
        public ConcurrentQueue<(LbOutcome Outcome, bool WillRetry)> Outcomes { get; } = new();

        public Task NotifyFleetAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task NotifyRenewalEndedAsync(LbOutcome outcome, bool willRetry, CancellationToken cancellationToken)
        {
            Outcomes.Enqueue((outcome, willRetry));
            return Task.CompletedTask;
        }
    }

    private sealed class ScriptedRunner : IRenewalRunner
    {
        public LbOutcome Next { get; set; } = new("lb1", LbOutcomeKind.NotDue, null, null, null, null, null);

        public Exception? Throw { get; set; }

        public ConcurrentQueue<LbRenewalRequest> Requests { get; } = new();

        public ConcurrentQueue<(string Lb, string Certificate, string Detail)> Poisoned { get; } = new();

        public Task<LbOutcome> RenewAsync(LbRenewalRequest request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request);
            return Throw is null ? Task.FromResult(Next) : Task.FromException<LbOutcome>(Throw);
        }

        public Task RecordPoisonedAsync(string lb, string certificate, string detail, CancellationToken cancellationToken)
        {
            Poisoned.Enqueue((lb, certificate, detail));
            return Task.CompletedTask;
        }

        public Task<RunReport> RunAsync(RunRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class RecordingRequests : IRenewalRequests
    {
        public ConcurrentQueue<string> Poisoned { get; } = new();

        public Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<RenewalMessage> messages, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task PoisonAsync(string messageText, CancellationToken cancellationToken)
        {
            Poisoned.Enqueue(messageText);
            return Task.CompletedTask;
        }
    }

    private sealed class FixedFleet : IOptionsMonitor<FleetOptions>
    {
        public FleetOptions CurrentValue { get; } = new()
        {
            Names = ["svc.example"],
            LoadBalancers = [new() { Name = "lb0", Address = "192.0.2.1" }, new() { Name = "lb1", Address = "192.0.2.2" }],
        };

        public FleetOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<FleetOptions, string?> listener) => null;
    }

    /// <summary>Keeps each line's structured properties, as Application Insights keeps them as custom dimensions.</summary>
    private sealed class StructuredLogger : ILogger<RenewLbFunction>
    {
        public ConcurrentQueue<(int Id, LogLevel Level, Dictionary<string, string?> Properties)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IReadOnlyList<KeyValuePair<string, object?>> pairs
                ? pairs.ToDictionary(p => p.Key, p => p.Value?.ToString())
                : [];
            Lines.Enqueue((eventId.Id, logLevel, properties));
        }
    }
}
