using LbAcme.Core.Status;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Runs;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// Delivery against real local receivers that fail: one answering 500 and one that never answers. A failed delivery is
/// retried with backoff, then given up and logged; it never throws into the caller (the timer, a renewal); and it is
/// not recorded as sent, so the next run sends it.
/// </summary>
public sealed class DeliveryTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_receiver_answering_500_is_retried_with_backoff_given_up_and_sent_again_next_run()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Fail);
        var harness = new NotifierHarness(TimeProvider.System, StatusDocuments.Fleet(DateTimeOffset.UtcNow, CertificateState.Stuck),
            NotifierHarness.Quick(TimeSpan.FromSeconds(5), attempts: 3));
        var notifier = harness.Create(NotifierHarness.Channel(receiver));

        await notifier.NotifyFleetAsync(None);

        var attempts = receiver.Requests.ToArray();
        Assert.Equal(3, attempts.Length);
        // Equal jitter: each wait is at least half its step (100 ms, then 200 ms).
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(50), $"first wait {attempts[1].At - attempts[0].At}");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(100), $"second wait {attempts[2].At - attempts[1].At}");
        Assert.Equal(2, harness.Logs.Lines.Count(l => l.EventId == 4002));
        var failed = Assert.Single(harness.Logs.Lines, l => l.EventId == 4003);
        Assert.Equal(("ops", "3", "HTTP 500"), (failed.Properties["Channel"], failed.Properties["Attempts"], failed.Properties["Error"]));
        var channel = ((InMemoryNotificationStateStore)harness.State).Current.Subjects[FleetFindings.LbSubject("lb1")].Channels["ops"];
        Assert.Equal((Finding.Ok, null), (channel.Condition, channel.Claim));

        receiver.Mode = WebhookReceiver.Answer.Accept;
        await notifier.NotifyFleetAsync(None);

        Assert.Equal(4, receiver.Requests.Count);
        Assert.Equal("stuck", ((InMemoryNotificationStateStore)harness.State).Current.Subjects[FleetFindings.LbSubject("lb1")].Channels["ops"].Condition);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_costs_one_bounded_delivery_and_the_other_events_wait_for_the_next_run()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Never);
        // Two events for one channel: the LB is stuck and the VIP unreachable.
        var harness = new NotifierHarness(TimeProvider.System, StatusDocuments.Fleet(DateTimeOffset.UtcNow, CertificateState.Stuck, vip: CertificateState.Unreachable),
            NotifierHarness.Quick(TimeSpan.FromMilliseconds(300), attempts: 2));
        var notifier = harness.Create(NotifierHarness.Channel(receiver));

        // Bounded by the attempt timeout (2 x 300 ms plus one backoff); the guard only turns a hang into a failure.
        await notifier.NotifyFleetAsync(None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, receiver.Requests.Count);
        var failed = Assert.Single(harness.Logs.Lines, l => l.EventId == 4003);
        Assert.Contains("no answer within", failed.Properties["Error"], StringComparison.Ordinal);
        var state = ((InMemoryNotificationStateStore)harness.State).Current;
        Assert.All(state.Subjects.Values.SelectMany(s => s.Channels.Values), c => Assert.Null(c.Claim));
        Assert.All(state.Subjects.Values.SelectMany(s => s.Channels.Values), c => Assert.Equal(Finding.Ok, c.Condition));
    }

    [Fact]
    public async Task A_final_renewal_failure_whose_delivery_failed_is_delivered_by_the_next_timer_run()
    {
        await using var receiver = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Fail);
        var harness = new NotifierHarness(TimeProvider.System, StatusDocuments.Fleet(DateTimeOffset.UtcNow), NotifierHarness.Quick(TimeSpan.FromSeconds(5), attempts: 2));
        var notifier = harness.Create(NotifierHarness.Channel(receiver));
        var outcome = new LbOutcome("lb1", LbOutcomeKind.Failed, "unauthorized", "ACME error (HTTP 403): urn:ietf:params:acme:error:unauthorized: 127.0.1.1: Invalid response from http://svc.example.test/.well-known/acme-challenge/x: 404", null, null, null);

        // The renewal's own call: it returns normally although the receiver fails.
        await notifier.NotifyRenewalEndedAsync(outcome, willRetry: false, None);
        Assert.Equal(2, receiver.Requests.Count);

        receiver.Mode = WebhookReceiver.Answer.Accept;
        await notifier.NotifyFleetAsync(None);

        var sent = Assert.Single(receiver.Requests.Skip(2));
        Assert.Contains("\"event\":\"renewal_failed\"", sent.Body, StringComparison.Ordinal);
        Assert.Contains("unauthorized: ACME error (HTTP 403)", sent.Body, StringComparison.Ordinal);
        await notifier.NotifyFleetAsync(None);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Empty(((InMemoryNotificationStateStore)harness.State).Current.Subjects);
    }

    [Fact]
    public async Task A_failure_the_queue_will_retry_is_not_news()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var harness = new NotifierHarness(TimeProvider.System, StatusDocuments.Fleet(DateTimeOffset.UtcNow));
        var notifier = harness.Create(NotifierHarness.Channel(receiver));

        await notifier.NotifyRenewalEndedAsync(new LbOutcome("lb1", LbOutcomeKind.Failed, "HttpRequestException", "the CA did not answer", null, null, null, Retryable: true), willRetry: true, None);
        await notifier.NotifyRenewalEndedAsync(new LbOutcome("lb1", LbOutcomeKind.NotDue, null, null, "0A1B", null, null), willRetry: false, None);

        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public void The_backoff_doubles_from_the_first_delay_up_to_the_cap_and_never_drops_below_half_a_step()
    {
        var options = new DeliveryOptions { FirstRetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(20) };

        Assert.Equal([1, 2, 4, 8, 10, 10], Enumerable.Range(1, 6).Select(n => DeliveryBackoff.Delay(options, n, 0).TotalSeconds));
        Assert.Equal([2, 4, 8, 16, 20, 20], Enumerable.Range(1, 6).Select(n => Math.Round(DeliveryBackoff.Delay(options, n, 0.999999).TotalSeconds)));
    }
}
