using System.Text;
using System.Text.Json;

namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// How daprd reads the app's answer to a delivery (dapr/dapr pkg/runtime/subscription/postman/http/http.go; documented
/// at https://docs.dapr.io/reference/api/pubsub_api/#expected-http-response):
/// <list type="bullet">
/// <item>2xx: the first JSON value of the body is decoded as {"status": ...}; an empty or undecodable body, or an
/// empty status, is SUCCESS; "SUCCESS" / "RETRY" / "DROP" as said; any other status is an error, retried. The key
/// matches case-insensitively (Go's decoder) but the value does not: "success" is an unknown status;</item>
/// <item>404: logged and dropped (non-retriable);</item>
/// <item>any other status: retried.</item>
/// </list>
/// </summary>
internal static class AppAnswer
{
    public static (DeliveryStatus Status, string? Error) Read(AppReply reply, string? eventId, string topic)
    {
        if (reply.StatusCode is >= 200 and <= 299)
        {
            return Status(reply.Body) switch
            {
                null or "" or "SUCCESS" => (DeliveryStatus.Success, null),
                "RETRY" => (DeliveryStatus.Retry, $"RETRY status returned from app while processing pub/sub event {eventId}"),
                "DROP" => (DeliveryStatus.Drop, $"DROP status returned from app while processing pub/sub event {eventId}"),
                var other => (DeliveryStatus.Retry, $"unknown status returned from app while processing pub/sub event {eventId}, status: {other}"),
            };
        }
        if (reply.StatusCode == 404)
        {
            return (DeliveryStatus.Drop, $"non-retriable error returned from app while processing pub/sub event {eventId}: {reply.Body}. status code returned: 404");
        }
        return (DeliveryStatus.Retry, $"retriable error returned from app while processing pub/sub event {eventId}, topic: {topic}, body: {reply.Body}. status code returned: {reply.StatusCode}");
    }

    /// <summary>The status string, or null when Go's decoder would fail (empty, not JSON, not an object, status not a string).</summary>
    private static string? Status(string body)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return null;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return null;
                }
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (string.Equals(property.Name, "status", StringComparison.OrdinalIgnoreCase))
                    {
                        return property.Value.ValueKind switch
                        {
                            JsonValueKind.String => property.Value.GetString(),
                            JsonValueKind.Null => "",
                            _ => null,
                        };
                    }
                }
                return "";
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
