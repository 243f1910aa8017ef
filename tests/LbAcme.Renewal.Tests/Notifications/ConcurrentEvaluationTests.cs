using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Notifications;

namespace LbAcme.Renewal.Tests.Notifications;

/// <summary>
/// Two function instances evaluating the same fleet at the same moment, as the timer and a redelivered run can: each
/// with its own blob client on a real Azurite (ETags, conditional writes) and the same receiver. Every state change
/// reaches the receiver exactly once.
/// </summary>
public sealed class ConcurrentEvaluationTests : IAsyncLifetime
{
    private const int Rounds = 8;
    private AzuriteFixture _azurite = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await Container().CreateIfNotExistsAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task Two_evaluators_racing_on_the_same_change_send_it_once()
    {
        var states = new[] { CertificateState.Stuck, CertificateState.Ok };
        for (var round = 0; round < Rounds; round++)
        {
            var status = StatusDocuments.Fleet(DateTimeOffset.UtcNow, states[round % 2]);
            var a = new NotifierHarness(TimeProvider.System, status, state: new BlobNotificationStateStore(Container())).Create(NotifierHarness.Channel(_receiver));
            var b = new NotifierHarness(TimeProvider.System, status, state: new BlobNotificationStateStore(Container())).Create(NotifierHarness.Channel(_receiver));
            using var start = new ManualResetEventSlim();
            var racers = new[] { a, b }.Select(n => Task.Run(async () =>
            {
                start.Wait();
                await n.NotifyFleetAsync(CancellationToken.None);
            })).ToArray();
            start.Set();
            await Task.WhenAll(racers).WaitAsync(TimeSpan.FromMinutes(1));

            Assert.Equal(round + 1, _receiver.Requests.Count);
        }
        Assert.Equal(["stuck", "recovered"], _receiver.Requests.Take(2).Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
        // Settled: the last change was a recovery, so nothing is left to remember.
        Assert.Empty((await new BlobNotificationStateStore(Container()).ReadAsync(CancellationToken.None)).Document.Subjects);
    }

    private BlobContainerClient Container() => new(_azurite.ConnectionString, "lb-acme");
}
