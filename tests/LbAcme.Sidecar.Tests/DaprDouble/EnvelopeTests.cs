using System.Text;
using System.Text.Json;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using Xunit;
using Daprd = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.DaprDouble;

/// <summary>
/// What body reaches the app for what the broker held: a JSON object passes through byte for byte (Event Grid's
/// CloudEvent arrives as Event Grid wrote it), a subscription with rawPayload gets daprd's own envelope, and a body
/// daprd cannot read as a CloudEvent, or one that expired, never reaches the app.
/// </summary>
public sealed class EnvelopeTests
{
    [Fact]
    public async Task A_Key_Vault_CloudEvent_reaches_the_app_exactly_as_Event_Grid_wrote_it()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe(rawPayload: false));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));
        var body = DeliveryTests.Event();

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body);

        Assert.Equal(DeliveryStatus.Success, result.Status);
        Assert.Equal(body, Assert.Single(app.Received).Body);
    }

    [Fact]
    public async Task A_JSON_object_that_is_not_a_CloudEvent_is_passed_through_too()
    {
        await using var app = await EventApp.StartAsync(_ => (200, """{"status":"DROP"}"""), Subscribe(rawPayload: false));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));
        const string body = """{"hello":"world"}""";

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body);

        Assert.Equal(DeliveryStatus.Drop, result.Status);
        Assert.Equal(body, Assert.Single(app.Received).Body);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task A_body_daprd_cannot_read_as_a_CloudEvent_is_never_delivered(string body)
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe(rawPayload: false));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body);

        Assert.Equal(DeliveryStatus.Retry, result.Status);
        Assert.Equal(0, result.Attempts);
        Assert.StartsWith("error deserializing cloud event", result.Error, StringComparison.Ordinal);
        Assert.Empty(app.Received);
    }

    [Fact]
    public async Task With_rawPayload_daprd_wraps_the_body_in_its_own_envelope()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe(rawPayload: true));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));
        const string body = "not json at all";

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body);

        Assert.Equal(DeliveryStatus.Success, result.Status);
        using var received = JsonDocument.Parse(Assert.Single(app.Received).Body);
        var envelope = received.RootElement;
        Assert.Equal("1.0", envelope.GetProperty("specversion").GetString());
        Assert.Equal("com.dapr.event.sent", envelope.GetProperty("type").GetString());
        Assert.Equal(DaprNames.Topic, envelope.GetProperty("topic").GetString());
        Assert.Equal(DaprNames.PubSub, envelope.GetProperty("pubsubname").GetString());
        Assert.True(Guid.TryParse(envelope.GetProperty("id").GetString(), out _));
        Assert.Equal(body, Encoding.UTF8.GetString(envelope.GetProperty("data_base64").GetBytesFromBase64()));
    }

    [Fact]
    public async Task An_expired_event_is_dropped_without_reaching_the_app()
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), Subscribe(rawPayload: false));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));
        const string body = """{"id":"e1","specversion":"1.0","source":"s","type":"t","expiration":"2001-01-01T00:00:00Z"}""";

        var result = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, body);

        Assert.Equal(DeliveryStatus.Drop, result.Status);
        Assert.Empty(app.Received);
    }

    [Fact]
    public void The_Key_Vault_event_carries_Event_Grids_CloudEvent_fields_and_data()
    {
        var notBefore = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var expires = notBefore.AddDays(90);

        using var json = JsonDocument.Parse(Daprd.KeyVaultEvent("lbacme-kv", "web-lb1", "v42", notBefore, expires));

        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(DaprNames.CertificateNewVersionCreated, root.GetProperty("type").GetString());
        Assert.Equal("web-lb1", root.GetProperty("subject").GetString());
        Assert.EndsWith("/providers/Microsoft.KeyVault/vaults/lbacme-kv", root.GetProperty("source").GetString(), StringComparison.Ordinal);
        var data = root.GetProperty("data");
        Assert.Equal("https://lbacme-kv.vault.azure.net/certificates/web-lb1/v42", data.GetProperty("Id").GetString());
        Assert.Equal("lbacme-kv", data.GetProperty("VaultName").GetString());
        Assert.Equal("Certificate", data.GetProperty("ObjectType").GetString());
        Assert.Equal("web-lb1", data.GetProperty("ObjectName").GetString());
        Assert.Equal("v42", data.GetProperty("Version").GetString());
        Assert.Equal(1_700_000_000, data.GetProperty("NBF").GetInt64());
        Assert.Equal(expires.ToUnixTimeSeconds(), data.GetProperty("EXP").GetInt64());
    }

    private static string Subscribe(bool rawPayload) =>
        $$$"""[{"pubsubname":"{{{DaprNames.PubSub}}}","topic":"{{{DaprNames.Topic}}}","route":"{{{DaprNames.EventRoute}}}","metadata":{"rawPayload":"{{{(rawPayload ? "true" : "false")}}}"}}]""";
}
