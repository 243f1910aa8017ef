using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// What daprd makes of a message the broker hands it, before any call to the app (dapr/dapr
/// pkg/runtime/subscription/subscription.go; envelope helpers in components-contrib pubsub/envelope.go):
/// <list type="bullet">
/// <item>default (rawPayload false): the body must be a JSON object; it is read as the CloudEvent and POSTed to the
/// app byte for byte (a CloudEvent from Event Grid reaches the app exactly as Event Grid wrote it; daprd adds
/// topic/pubsubname/trace fields only to its own in-memory copy, used for routing and tracing). Any other body is
/// never delivered: daprd logs "error deserializing cloud event" and the broker redelivers it;</item>
/// <item>rawPayload "true" on the subscription: daprd wraps the bytes itself (id a new GUID, source "Dapr", type
/// com.dapr.event.sent, datacontenttype application/octet-stream, data_base64 = the body, topic, pubsubname);</item>
/// <item>an "expiration" in the past: dropped without delivery.</item>
/// </list>
/// See also https://docs.dapr.io/developing-applications/building-blocks/pubsub/pubsub-cloudevents/ and
/// https://docs.dapr.io/developing-applications/building-blocks/pubsub/pubsub-raw/.
/// </summary>
internal static class Envelope
{
    public static Prepared Prepare(string messageBody, DaprSubscription subscription, string topic, TimeProvider time)
    {
        if (subscription.RawPayload)
        {
            var id = Guid.NewGuid().ToString();
            return new Prepared(Wrap(id, Encoding.UTF8.GetBytes(messageBody), subscription.PubSubName, topic), id, null, null);
        }
        JsonElement cloudEvent;
        try
        {
            using var document = JsonDocument.Parse(messageBody);
            cloudEvent = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return NotRead(subscription, topic, e.Message);
        }
        if (cloudEvent.ValueKind != JsonValueKind.Object)
        {
            return NotRead(subscription, topic, $"cannot unmarshal {cloudEvent.ValueKind} into a map");
        }
        var eventId = Text(cloudEvent, "id");
        if (Text(cloudEvent, "expiration") is { } expiration
            && DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires)
            && expires < time.GetUtcNow())
        {
            return new Prepared(null, eventId, DeliveryStatus.Drop, $"dropping expired pub/sub event {eventId} as of {expiration}");
        }
        return new Prepared(Encoding.UTF8.GetBytes(messageBody), eventId, null, null);
    }

    private static Prepared NotRead(DaprSubscription subscription, string topic, string why) =>
        new(null, null, DeliveryStatus.Retry, $"error deserializing cloud event in pubsub {subscription.PubSubName} and topic {topic}: {why}");

    private static string? Text(JsonElement cloudEvent, string name) =>
        cloudEvent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Wrap(string id, byte[] data, string pubSub, string topic)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("specversion", CloudEvents.SpecVersion);
            json.WriteString("datacontenttype", "application/octet-stream");
            json.WriteString("source", CloudEvents.DaprSource);
            json.WriteString("type", CloudEvents.DaprEventType);
            json.WriteString("topic", topic);
            json.WriteString("pubsubname", pubSub);
            json.WriteBase64String("data_base64", data);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}

/// <summary>The bytes to POST (null when daprd would not deliver), the event id, and why not when not.</summary>
internal sealed record Prepared(byte[]? Body, string? EventId, DeliveryStatus? NotDelivered, string? Error);
