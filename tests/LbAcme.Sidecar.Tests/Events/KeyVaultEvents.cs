using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// Event bodies as they reach the app port: Key Vault's new-version event as Event Grid writes it to Service Bus in
/// CloudEventSchemaV1_0, with the attributes daprd adds when it passes a CloudEvent through; the same event in Event
/// Grid's own schema wrapped in daprd's envelope; and broken ones.
/// </summary>
internal static class KeyVaultEvents
{
    public const string Vault = "lbacme-kv";

    public static JsonObject Data(string objectName) => new()
    {
        ["Id"] = $"https://{Vault}.vault.azure.net/certificates/{objectName}/0123456789abcdef0123456789abcdef",
        ["VaultName"] = Vault,
        ["ObjectType"] = "Certificate",
        ["ObjectName"] = objectName,
        ["Version"] = "0123456789abcdef0123456789abcdef",
        ["NBF"] = 1764600000,
        ["EXP"] = 1772376000,
    };

    /// <summary>Event Grid's CloudEvent passed through by daprd (which adds topic, pubsubname and trace attributes).</summary>
    public static JsonObject CloudEvent(string objectName, JsonNode? data = null) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = $"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{Vault}",
        ["type"] = DaprNames.CertificateNewVersionCreated,
        ["subject"] = objectName,
        ["time"] = "2026-12-02T16:00:00Z",
        ["datacontenttype"] = "application/json",
        ["data"] = data ?? Data(objectName),
        ["topic"] = DaprNames.Topic,
        ["pubsubname"] = DaprNames.PubSub,
        ["traceid"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        ["tracestate"] = "",
    };

    /// <summary>The event in Event Grid's own schema.</summary>
    public static JsonObject EventGridEvent(string objectName, string eventType = DaprNames.CertificateNewVersionCreated) => new()
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = $"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{Vault}",
        ["subject"] = objectName,
        ["eventType"] = eventType,
        ["eventTime"] = "2026-12-02T16:00:00Z",
        ["data"] = Data(objectName),
        ["dataVersion"] = "1",
        ["metadataVersion"] = "1",
    };

    /// <summary>daprd's envelope around a body that was not a CloudEvent: the body is the data.</summary>
    public static JsonObject Wrapped(JsonNode? body) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = Guid.NewGuid().ToString(),
        ["source"] = "lb-sidecar-lb0",
        ["type"] = "com.dapr.event.sent",
        ["datacontenttype"] = "application/json",
        ["data"] = body,
        ["topic"] = DaprNames.Topic,
        ["pubsubname"] = DaprNames.PubSub,
    };

    /// <summary>Every body the sidecar must answer DROP, by what is wrong with it.</summary>
    public static IReadOnlyList<(string What, string Body)> Malformed(string ours)
    {
        var noSpec = CloudEvent(ours);
        noSpec.Remove("specversion");
        var noType = CloudEvent(ours);
        noType.Remove("type");
        var oldSpec = CloudEvent(ours);
        oldSpec["specversion"] = "0.3";
        var otherType = CloudEvent(ours);
        otherType["type"] = "Microsoft.KeyVault.SecretNearExpiry";
        var numberType = CloudEvent(ours);
        numberType["type"] = 17;
        var noName = CloudEvent(ours, new JsonObject { ["VaultName"] = Vault });
        noName.Remove("subject");
        return
        [
            ("an empty body", ""),
            ("not JSON", "certificate renewed"),
            ("truncated JSON", CloudEvent(ours).ToJsonString()[..40]),
            ("a JSON array", $"[{CloudEvent(ours).ToJsonString()}]"),
            ("a JSON string", "\"lbacme-lb0\""),
            ("JSON null", "null"),
            ("no specversion", noSpec.ToJsonString()),
            ("no type", noType.ToJsonString()),
            ("specversion 0.3", oldSpec.ToJsonString()),
            ("another event type", otherType.ToJsonString()),
            ("a type that is not a string", numberType.ToJsonString()),
            ("no object name and no subject", noName.ToJsonString()),
            ("daprd's envelope around text", Wrapped(JsonValue.Create("certificate renewed")).ToJsonString()),
            ("daprd's envelope around another Event Grid event", Wrapped(EventGridEvent(ours, "Microsoft.KeyVault.SecretNewVersionCreated")).ToJsonString()),
            ("daprd's envelope around an unrelated object", Wrapped(new JsonObject { ["hello"] = "world" }).ToJsonString()),
            ("daprd's envelope without data", Wrapped(null).ToJsonString()),
            ("nesting past the depth limit", new string('[', 100) + new string(']', 100)),
        ];
    }
}
