using System.Text.Json;
using LbAcme.Core.Status;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// What is sent when, against a real local receiver and a fake clock: each state change once, a reminder only after the
/// reminder interval, a recovery once, "failing" only after FailingAfter attempts, and the fleet-level events.
/// </summary>
public sealed class StateChangeTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task The_same_state_on_two_evaluations_is_sent_once_and_the_next_change_names_the_previous_state()
    {
        var harness = Harness(CertificateState.Stuck);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));

        await notifier.NotifyFleetAsync(None);
        _clock.Advance(TimeSpan.FromHours(1));
        await notifier.NotifyFleetAsync(None);

        var first = Assert.Single(Events());
        Assert.Equal(("stuck", "stuck", "ok", false), (first.GetProperty("event").GetString(), first.GetProperty("state").GetString(), first.GetProperty("previousState").GetString(), first.GetProperty("reminder").GetBoolean()));

        harness.Status.Document = StatusDocuments.Fleet(_clock.GetUtcNow(), CertificateState.Expiring);
        await notifier.NotifyFleetAsync(None);

        var second = Events()[1];
        Assert.Equal(("expiring", "stuck"), (second.GetProperty("event").GetString(), second.GetProperty("previousState").GetString()));
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task A_state_that_stays_bad_is_reminded_once_per_interval()
    {
        var harness = Harness(CertificateState.Unreachable);
        harness.Options.ReminderInterval = TimeSpan.FromDays(1);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));

        await notifier.NotifyFleetAsync(None);
        _clock.Advance(TimeSpan.FromHours(23));
        await notifier.NotifyFleetAsync(None);
        Assert.Single(_receiver.Requests);

        _clock.Advance(TimeSpan.FromHours(1));
        await notifier.NotifyFleetAsync(None);
        _clock.Advance(TimeSpan.FromMinutes(10));
        await notifier.NotifyFleetAsync(None);

        Assert.Equal(2, _receiver.Requests.Count);
        var reminder = Events()[1];
        Assert.True(reminder.GetProperty("reminder").GetBoolean());
        Assert.Equal(("unreachable", "unreachable"), (reminder.GetProperty("event").GetString(), reminder.GetProperty("previousState").GetString()));
        // The reminder says since when the state lasts, not when the reminder was sent.
        Assert.Equal(Events()[0].GetProperty("occurredAt").GetDateTimeOffset(), reminder.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_recovery_is_sent_once_and_then_the_subject_is_forgotten()
    {
        var harness = Harness(CertificateState.Stuck);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));
        await notifier.NotifyFleetAsync(None);

        harness.Status.Document = StatusDocuments.Fleet(_clock.GetUtcNow(), CertificateState.Ok);
        await notifier.NotifyFleetAsync(None);
        await notifier.NotifyFleetAsync(None);

        Assert.Equal(2, _receiver.Requests.Count);
        var recovered = Events()[1];
        Assert.Equal(("recovered", "info", "ok", "stuck"), (recovered.GetProperty("event").GetString(), recovered.GetProperty("severity").GetString(),
            recovered.GetProperty("state").GetString(), recovered.GetProperty("previousState").GetString()));
        Assert.Empty(((InMemoryNotificationStateStore)harness.State).Current.Subjects);
    }

    [Fact]
    public async Task An_ok_fleet_sends_nothing_and_writes_nothing()
    {
        var harness = Harness(CertificateState.Ok);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));

        await notifier.NotifyFleetAsync(None);

        Assert.Empty(_receiver.Requests);
        Assert.Equal(0, ((InMemoryNotificationStateStore)harness.State).Writes);
    }

    [Fact]
    public async Task An_LB_is_failing_news_only_after_FailingAfter_attempts_in_a_row()
    {
        var harness = Harness(CertificateState.Failing, failures: 1);
        harness.Options.FailingAfter = 3;
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));

        await notifier.NotifyFleetAsync(None);
        harness.Status.Document = StatusDocuments.Fleet(_clock.GetUtcNow(), CertificateState.Failing, failures: 2, problem: "rateLimited");
        await notifier.NotifyFleetAsync(None);
        Assert.Empty(_receiver.Requests);

        harness.Status.Document = StatusDocuments.Fleet(_clock.GetUtcNow(), CertificateState.Failing, failures: 3, problem: "urn:ietf:params:acme:error:rateLimited: too many certificates");
        await notifier.NotifyFleetAsync(None);

        var failing = Assert.Single(Events());
        Assert.Equal(("failing", "critical", "lb1"), (failing.GetProperty("event").GetString(), failing.GetProperty("severity").GetString(), failing.GetProperty("lb").GetString()));
        Assert.Equal("urn:ietf:params:acme:error:rateLimited: too many certificates", failing.GetProperty("problem").GetString());
    }

    [Fact]
    public async Task A_run_overdue_and_a_budget_deferral_are_each_their_own_event()
    {
        var harness = Harness(CertificateState.Ok);
        harness.Status.Document = StatusDocuments.Fleet(_clock.GetUtcNow(), dueReason: "Ari", runOverdue: true);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver));

        await notifier.NotifyFleetAsync(None);

        var events = Events().Select(e => (e.GetProperty("event").GetString(), e.GetProperty("state").GetString())).Order().ToList();
        Assert.Equal([("rate_limited", "rate_limited"), ("run_overdue", "run_overdue")], events);
    }

    [Fact]
    public async Task Each_channel_hears_each_change_once()
    {
        await using var other = await WebhookReceiver.StartAsync();
        var harness = Harness(CertificateState.Expiring);
        var notifier = harness.Create(NotifierHarness.Channel(_receiver, name: "ops"), NotifierHarness.Channel(other, name: "oncall"));

        await notifier.NotifyFleetAsync(None);
        await notifier.NotifyFleetAsync(None);

        Assert.Single(_receiver.Requests);
        Assert.Single(other.Requests);
    }

    private NotifierHarness Harness(CertificateState lb1, int failures = 0) =>
        new(_clock, StatusDocuments.Fleet(_clock.GetUtcNow(), lb1, failures));

    private List<JsonElement> Events() => _receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
}
