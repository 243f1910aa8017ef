using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Renewal.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>A <see cref="WebhookNotifications"/> over real HTTP to the given receivers, with a fake status and an in-memory state.</summary>
public sealed class NotifierHarness
{
    public static readonly Uri StatusUrl = new("https://lbacme-func.azurewebsites.net/api/status");

    public NotifierHarness(TimeProvider time, FleetStatusDocument status, DeliveryOptions? delivery = null, INotificationStateStore? state = null)
    {
        Time = time;
        Status = new FakeFleetStatusSource(status);
        State = state ?? new InMemoryNotificationStateStore();
        Delivery = delivery ?? new DeliveryOptions();
    }

    public TimeProvider Time { get; }

    public FakeFleetStatusSource Status { get; }

    public INotificationStateStore State { get; }

    public DeliveryOptions Delivery { get; }

    public NotificationOptions Options { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    public WebhookNotifications Create(params WebhookChannel[] channels)
    {
        var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var sender = new WebhookSender(new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }), Delivery, Time, factory.CreateLogger<WebhookSender>());
        var fleet = new FleetOptions { Notifications = Options };
        return new WebhookNotifications(Status, State, sender, new NotificationChannels(channels, StatusUrl), new FixedMonitor(fleet), Delivery, Time,
            factory.CreateLogger<WebhookNotifications>());
    }

    public static WebhookChannel Channel(WebhookReceiver receiver, WebhookKind kind = WebhookKind.Generic, string name = "ops") => new(name, kind, receiver.Url);

    /// <summary>Short, so the tests that fail deliveries on purpose stay quick; the shape of the backoff is the same.</summary>
    public static DeliveryOptions Quick(TimeSpan attemptTimeout, int attempts = 3) => new()
    {
        AttemptTimeout = attemptTimeout,
        MaxAttempts = attempts,
        FirstRetryDelay = TimeSpan.FromMilliseconds(100),
        MaxRetryDelay = TimeSpan.FromSeconds(1),
        TotalTimeout = TimeSpan.FromSeconds(20),
    };

    private sealed class FixedMonitor(FleetOptions value) : IOptionsMonitor<FleetOptions>
    {
        public FleetOptions CurrentValue => value;

        public FleetOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<FleetOptions, string?> listener) => null;
    }
}
