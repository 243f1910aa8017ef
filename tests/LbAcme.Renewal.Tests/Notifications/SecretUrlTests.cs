using System.Net;
using System.Net.Sockets;
using LbAcme.Core.Fleet;
using LbAcme.Core.Status;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// The registration the function app uses (AddFleet + AddNotifications, the HTTP client factory included), with every
/// log line of every category recorded while deliveries fail (a 500, a refused connection): the webhook URL, its path
/// and its query string appear nowhere. A missing URL setting stops the start, naming the setting.
/// </summary>
public sealed class SecretUrlTests
{
    [Fact]
    public async Task While_deliveries_fail_no_log_line_carries_the_URL_or_its_query()
    {
        await using var failing = await WebhookReceiver.StartAsync(WebhookReceiver.Answer.Fail);
        var refused = new Uri($"http://127.0.0.1:{ClosedPort()}{WebhookReceiver.SecretPath}?{WebhookReceiver.SecretQuery}");
        var logs = new RecordingLoggerProvider();
        var configuration = Configuration(("OPS_HOOK", failing.Url.AbsoluteUri), ("ONCALL_HOOK", refused.AbsoluteUri));
        await using var services = Services(configuration, logs);

        Assert.NotNull(services.GetRequiredService<IOptions<FleetOptions>>().Value);
        var notifications = services.GetRequiredService<IFleetNotifications>();
        Assert.IsType<WebhookNotifications>(notifications);
        await notifications.NotifyFleetAsync(CancellationToken.None);

        Assert.Equal(2, failing.Requests.Count);
        var failures = logs.Lines.Where(l => l.EventId == 4003).Select(l => (l.Properties["Channel"], l.Properties["Error"])).Order().ToList();
        Assert.Equal([("oncall", "ConnectionError"), ("ops", "HTTP 500")], failures);
        var everything = logs.AllText();
        foreach (var secret in new[] { failing.Url.AbsoluteUri, refused.AbsoluteUri, WebhookReceiver.SecretPath, WebhookReceiver.SecretQuery, "path-secret", "query-secret" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_webhook_whose_URL_setting_is_missing_stops_the_start_naming_the_setting()
    {
        await using var services = Services(Configuration(("OPS_HOOK", "https://hooks.example.test/secret-token")), new RecordingLoggerProvider());

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FleetOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Fleet:Notifications:Webhooks[1]:UrlSetting: app setting 'ONCALL_HOOK' is not set", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-token", string.Join('\n', error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_webhooks_nothing_is_read_or_sent()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Fleet()).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddFleet(configuration);
        collection.AddNotifications(configuration);
        await using var services = collection.BuildServiceProvider(validateScopes: true);

        Assert.IsType<NotificationsOff>(services.GetRequiredService<IFleetNotifications>());
    }

    private static ServiceProvider Services(IConfiguration configuration, RecordingLoggerProvider logs)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        collection.AddSingleton<IFleetStatusSource>(new FakeFleetStatusSource(StatusDocuments.Fleet(DateTimeOffset.UtcNow, CertificateState.Stuck)));
        collection.AddSingleton<INotificationStateStore>(new InMemoryNotificationStateStore());
        collection.AddSingleton(NotifierHarness.Quick(TimeSpan.FromSeconds(5), attempts: 2));
        collection.AddFleet(configuration);
        collection.AddNotifications(configuration);
        return collection.BuildServiceProvider(validateScopes: true);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings)
    {
        var values = Fleet().Concat(
        [
            new("Fleet:Notifications:Webhooks:0:Name", "ops"),
            new("Fleet:Notifications:Webhooks:0:Kind", "slack"),
            new("Fleet:Notifications:Webhooks:0:UrlSetting", "OPS_HOOK"),
            new("Fleet:Notifications:Webhooks:1:Name", "oncall"),
            new("Fleet:Notifications:Webhooks:1:Kind", "teams"),
            new("Fleet:Notifications:Webhooks:1:UrlSetting", "ONCALL_HOOK"),
        ]).Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static IEnumerable<KeyValuePair<string, string?>> Fleet() =>
    [
        new("Fleet:Names:0", "svc.example.test"),
        new("Fleet:AcmeDirectoryUrl", "https://acme.example.test/directory"),
        new("Fleet:LoadBalancers:0:Name", "lb1"),
        new("Fleet:LoadBalancers:0:Address", "127.0.1.1"),
    ];

    /// <summary>A loopback port nothing listens on (taken, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
