using System.Buffers;
using System.Text;
using System.Text.Json;
using LbAcme.Core.Dapr;

namespace LbAcme.Sidecar.Events;

/// <summary>What an event body says: the Key Vault object it names, or why it is dropped.</summary>
internal readonly record struct CertificateEventReading(string? ObjectName, EventDrop? Drop)
{
    public static CertificateEventReading Dropped(EventDrop drop) => new(null, drop);
}

/// <summary>
/// Reads the body daprd delivers for the certificate topic, in the shapes it can take: Event Grid's CloudEvent 1.0
/// posted as it came (what the Bicep sets up), an Event Grid schema event (a system topic left on that schema), a
/// CloudEvent envelope around either (<c>com.dapr.event.sent</c>: a Dapr publisher's wrap, <c>data</c> = the body, or
/// a rawPayload subscription's, <c>data_base64</c>), and <c>data</c> given as a JSON string. The named object is
/// <c>data.ObjectName</c>, or the subject when the data has none. JsonDocument only: no reflection, AOT safe, and a body is at most
/// <see cref="RolloutEvents.MaxBodyBytes"/>, so reading it inline on the socket thread costs microseconds.
/// </summary>
internal static class CertificateEventReader
{
    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 32 };

    public static CertificateEventReading Read(ReadOnlySequence<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Json);
        }
        catch (JsonException)
        {
            return CertificateEventReading.Dropped(EventDrop.NotJson);
        }
        using (document)
        {
            return ReadEnvelope(document.RootElement);
        }
    }

    private static CertificateEventReading ReadEnvelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return CertificateEventReading.Dropped(EventDrop.NotObject);
        }
        if (!root.TryGetProperty("specversion", out _) && root.TryGetProperty("eventType", out _))
        {
            // Event Grid's own schema as the message body (a subscription not set to CloudEvents): daprd reads any
            // JSON object as the event and posts it as it came.
            return ReadPublished(root);
        }
        if (!TryString(root, "specversion", out var specVersion) || specVersion != "1.0" || !TryString(root, "type", out var type))
        {
            return CertificateEventReading.Dropped(EventDrop.NotCloudEvent);
        }
        if (type == DaprNames.CertificateNewVersionCreated)
        {
            return NamedObject(root);
        }
        // daprd's own envelope (type com.dapr.event.sent): what was published is the data.
        return TryData(root, out var published) ? ReadPublished(published) : CertificateEventReading.Dropped(EventDrop.WrongType);
    }

    /// <summary>The body a publisher sent that daprd did not take for a CloudEvent: Event Grid's own schema, or a CloudEvent after all.</summary>
    private static CertificateEventReading ReadPublished(JsonElement published)
    {
        if (published.ValueKind != JsonValueKind.Object)
        {
            return CertificateEventReading.Dropped(EventDrop.WrongType);
        }
        if (TryString(published, "eventType", out var eventType))
        {
            return eventType == DaprNames.CertificateNewVersionCreated
                ? NamedObject(published)
                : CertificateEventReading.Dropped(EventDrop.WrongType);
        }
        if (TryString(published, "specversion", out _) && TryString(published, "type", out var type))
        {
            return type == DaprNames.CertificateNewVersionCreated
                ? NamedObject(published)
                : CertificateEventReading.Dropped(EventDrop.WrongType);
        }
        return CertificateEventReading.Dropped(EventDrop.WrongType);
    }

    private static CertificateEventReading NamedObject(JsonElement evt)
    {
        if (TryData(evt, out var data) && data.ValueKind == JsonValueKind.Object && TryStringIgnoreCase(data, "ObjectName", out var name))
        {
            return new(name, null);
        }
        return TryString(evt, "subject", out var subject) ? new(subject, null) : CertificateEventReading.Dropped(EventDrop.NoObjectName);
    }

    /// <summary>The event's data as JSON: an object as is, a string or data_base64 parsed (a clone, so no document to dispose).</summary>
    private static bool TryData(JsonElement evt, out JsonElement data)
    {
        if (evt.TryGetProperty("data", out data))
        {
            return data.ValueKind != JsonValueKind.String || TryParse(Encoding.UTF8.GetBytes(data.GetString()!), out data);
        }
        if (evt.TryGetProperty("data_base64", out var encoded) && encoded.ValueKind == JsonValueKind.String && encoded.TryGetBytesFromBase64(out var bytes))
        {
            return TryParse(bytes, out data);
        }
        data = default;
        return false;
    }

    private static bool TryParse(byte[] utf8, out JsonElement element)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, Json);
            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            element = default;
            return false;
        }
    }

    private static bool TryString(JsonElement element, string name, out string value)
    {
        if (element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String && property.GetString() is { Length: > 0 } text)
        {
            value = text;
            return true;
        }
        value = "";
        return false;
    }

    /// <summary>Key Vault writes ObjectName; a property of another case is taken too (Event Grid's data is the vault's own).</summary>
    private static bool TryStringIgnoreCase(JsonElement element, string name, out string value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase)
                && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 } text)
            {
                value = text;
                return true;
            }
        }
        value = "";
        return false;
    }
}
