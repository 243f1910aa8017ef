using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using Xunit;
using Daprd = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.DaprDouble;

/// <summary>
/// Delivery to a real app over HTTP, answered the ways daprd distinguishes: the outcome, the number of POSTs and what
/// the app received must be what daprd would produce for that answer.
/// </summary>
public sealed class DeliveryTests
{
    private static readonly string Subscribe =
        $$"""[{"pubsubname":"{{DaprNames.PubSub}}","topic":"{{DaprNames.Topic}}","route":"{{DaprNames.EventRoute}}"}]""";

    [Theory]
    [InlineData(200, """{"status":"SUCCESS"}""", DeliveryStatus.Success, 1)]
    [InlineData(200, """{"Status":"SUCCESS"}""", DeliveryStatus.Success, 1)]
    [InlineData(200, """{"status":"DROP"}""", DeliveryStatus.Drop, 1)]
    [InlineData(200, "", DeliveryStatus.Success, 1)]
    [InlineData(204, "", DeliveryStatus.Success, 1)]
    [InlineData(200, "ok", DeliveryStatus.Success, 1)]
    [InlineData(200, """{"status":""}""", DeliveryStatus.Success, 1)]
    [InlineData(404, "no such route", DeliveryStatus.Drop, 1)]
    [InlineData(200, """{"status":"RETRY"}""", DeliveryStatus.Retry, 3)]
    [InlineData(200, """{"status":"success"}""", DeliveryStatus.Retry, 3)]
    [InlineData(500, "boom", DeliveryStatus.Retry, 3)]
    [InlineData(400, """{"status":"DROP"}""", DeliveryStatus.Retry, 3)]
    public async Task The_apps_answer_decides_the_outcome_as_daprd_reads_it(int status, string body, DeliveryStatus expected, int attempts)
    {
        await using var app = await EventApp.StartAsync(_ => (status, body), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app));

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event());

        Assert.Equal(expected, result.Status);
        Assert.Equal(attempts, result.Attempts);
        Assert.Equal(Enumerable.Repeat(status, attempts), result.HttpStatuses);
        Assert.Equal(attempts, app.Received.Count);
        Assert.Equal(expected == DeliveryStatus.Success, result.Error is null);
    }

    [Fact]
    public async Task A_retry_asked_once_is_followed_by_a_second_delivery_of_the_same_body()
    {
        await using var app = await EventApp.StartAsync(n => n == 1 ? (200, """{"status":"RETRY"}""") : (200, """{"status":"SUCCESS"}"""), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app));

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event());

        Assert.Equal(DeliveryStatus.Success, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Single(app.Received.Select(r => r.Body).Distinct());
    }

    [Fact]
    public async Task An_app_that_does_not_answer_is_retried_then_the_message_goes_back_to_the_broker()
    {
        var app = await EventApp.StartAsync(_ => (200, ""), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app));
        await daprd.DiscoverAsync();
        await app.DisposeAsync();

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event());

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Empty(result.HttpStatuses);
        Assert.Contains("app channel", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_event_is_posted_as_a_structured_CloudEvent_with_the_app_token()
    {
        await using var app = await EventApp.StartAsync(_ => (200, """{"status":"SUCCESS"}"""), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app) with { AppApiToken = "app-token" });

        await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event());

        var received = Assert.Single(app.Received);
        Assert.Equal(DaprNames.EventRoute, received.Path);
        Assert.Equal("application/cloudevents+json", received.ContentType);
        Assert.Equal("app-token", received.Token);
    }

    [Fact]
    public async Task A_topic_nobody_subscribed_to_never_reaches_the_app()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app));

        var otherTopic = await daprd.PublishAsync(DaprNames.PubSub, "other-topic", Event());
        var otherPubSub = await daprd.PublishAsync("other-pubsub", DaprNames.Topic, Event());

        Assert.Equal(DeliveryStatus.NotSubscribed, otherTopic.Status);
        Assert.Equal(DeliveryStatus.NotSubscribed, otherPubSub.Status);
        Assert.Equal(0, otherTopic.Attempts);
        Assert.Empty(app.Received);
    }

    [Fact]
    public async Task Concurrent_publishes_keep_to_the_delivery_limit()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe, hold: TimeSpan.FromMilliseconds(50));
        await using var daprd = await Daprd.StartAsync(Options(app) with { MaxConcurrentDeliveries = 2 });
        await daprd.DiscoverAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event())));

        Assert.All(results, r => Assert.Equal(DeliveryStatus.Success, r.Status));
        Assert.Equal(12, app.Received.Count);
        Assert.Equal(2, app.MaxInFlight);
    }

    [Fact]
    public async Task A_stopped_double_refuses_to_publish_until_started_again()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe);
        await using var daprd = await Daprd.StartAsync(Options(app));

        await daprd.StopAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event()));
        await daprd.StartAgainAsync();
        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, Event());

        Assert.Equal(DeliveryStatus.Success, result.Status);
        Assert.Single(app.Received);
    }

    internal static DaprDoubleOptions Options(EventApp app) => new()
    {
        AppId = DaprNames.AppId("lb1"),
        AppPort = app.Port,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    internal static string Event() =>
        Daprd.KeyVaultEvent("lbacme-kv", "web-lb1", "0123456789abcdef", DateTimeOffset.UnixEpoch.AddDays(20000), DateTimeOffset.UnixEpoch.AddDays(20090));
}
