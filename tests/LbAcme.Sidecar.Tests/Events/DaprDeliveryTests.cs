using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using Xunit;
using Xunit.Abstractions;
using DaprService = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// Events delivered the way daprd delivers them (the Dapr double: subscription discovery from the declarative
/// subscription render writes, daprd's envelope, its SUCCESS/RETRY/DROP rules and retries) to a real lb-sidecar
/// reading its certificate through the same double: a burst of duplicates is coalesced, malformed events come back
/// DROP and are never redelivered, and the sidecar serves on.
/// </summary>
[Collection(DaprEventsGroup.Name)]
public sealed class DaprDeliveryTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_thousand_duplicate_events_within_a_second_cost_at_most_two_store_reads()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.5");
        var discovered = await lb.Dapr.DiscoverAsync(CancellationToken.None);
        Assert.Contains(discovered, s => s.Route == DaprNames.EventRoute);
        var readsBefore = lb.Reads;
        var serial = lb.PutNewVersion();
        var body = DaprService.KeyVaultEvent(KeyVaultEvents.Vault, DaprSidecar.SecretName, "0123456789abcdef", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(90));

        var clock = Stopwatch.StartNew();
        var results = new DeliveryResult[1000];
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, token) => results[i] = await lb.Dapr.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body, token));
        var burst = clock.Elapsed;
        await DaprSidecar.WaitForAsync(() => lb.Reads - readsBefore >= 2, "the trailing round's read", lb);
        // A third read could only follow within a window of the trailing round: give it that, and twice over.
        await Task.Delay(2 * Window);
        var reads = lb.Reads - readsBefore;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"1,000 duplicate events delivered through the double in {burst.TotalMilliseconds:0} ms (16 at a time): {reads} store reads (GetSecret), coalescing window {Window.TotalSeconds:0} s"));
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Success, r.Status));
        Assert.True(burst < TimeSpan.FromSeconds(1) || burst < Window, $"the burst took {burst}: longer than the window, so more than two rounds would be right");
        Assert.Equal(2, reads);
        Assert.Equal(serial, lb.ServedSerial());
        var metrics = await _http.GetStringAsync(lb.Process.MetricsUri);
        Assert.Contains("lbacme_sidecar_certificate_events_total{outcome=\"woke\"} 1000", metrics, StringComparison.Ordinal);
    }

    /// <summary>Only JSON objects: daprd never delivers another body (it cannot read it as an event; the broker redelivers it).</summary>
    [Fact]
    public async Task Malformed_events_published_through_daprd_come_back_DROP_once_and_the_sidecar_serves_on()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.6");
        var readsBefore = lb.Reads;
        var otherType = JsonNode.Parse(DaprService.KeyVaultEvent(KeyVaultEvents.Vault, DaprSidecar.SecretName, "v", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)))!.AsObject();
        otherType["type"] = "Microsoft.KeyVault.SecretNearExpiry";
        var noName = JsonNode.Parse(otherType.ToJsonString())!.AsObject();
        noName["type"] = DaprNames.CertificateNewVersionCreated;
        noName.Remove("subject");
        noName["data"] = new JsonObject { ["VaultName"] = KeyVaultEvents.Vault };
        var huge = JsonNode.Parse(noName.ToJsonString())!.AsObject();
        huge["subject"] = DaprSidecar.SecretName;
        huge["padding"] = new string('x', 70 * 1024);
        (string What, string Body)[] malformed =
        [
            ("an Event Grid event of another type", KeyVaultEvents.EventGridEvent(DaprSidecar.SecretName, "Microsoft.KeyVault.SecretNewVersionCreated").ToJsonString()),
            ("a CloudEvent of another type", otherType.ToJsonString()),
            ("a new-version CloudEvent naming nothing", noName.ToJsonString()),
            ("an event over 64 KiB", huge.ToJsonString()),
        ];

        foreach (var (what, body) in malformed)
        {
            var result = await lb.Dapr.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body, CancellationToken.None);
            Assert.True(result.Status == DeliveryStatus.Drop && result.Attempts == 1, $"{what}: {result}");
        }

        Assert.False(lb.Process.HasExited);
        using var challenge = await _http.GetAsync(lb.Process.PublicUri($"/.well-known/acme-challenge/{DaprSidecar.Token}"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(readsBefore, lb.Reads);
        var good = await lb.Dapr.PublishAsync(DaprNames.PubSub, DaprNames.Topic,
            DaprService.KeyVaultEvent(KeyVaultEvents.Vault, DaprSidecar.SecretName, "v2", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)), CancellationToken.None);
        Assert.Equal(DeliveryStatus.Success, good.Status);
        await DaprSidecar.WaitForAsync(() => lb.Reads > readsBefore, "the woken round's read", lb);
    }
}
