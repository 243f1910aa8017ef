using System.Text.Json;
using System.Text.Json.Serialization;

namespace LbAcme.Functions.Queue;

/// <summary>
/// One LB's renewal work item on the queue: which LB, who asked, whether to renew even if nothing is due, and
/// optionally which one of the LB's certificates (<see cref="Certificate"/>, a fleet certificate name; null: all of them).
/// </summary>
public sealed record RenewalMessage(
    [property: JsonPropertyName("lb")] string Lb,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("force")] bool Force,
    [property: JsonPropertyName("requestedAt")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("certificate")] string? Certificate = null)
{
    /// <summary>Queue messages are small; anything larger is not ours.</summary>
    public const int MaxLength = 4096;

    // A message for every certificate leaves "certificate" out, so it reads exactly as messages did before.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or why it is not one: never throws, whatever the text.</summary>
    public static RenewalMessageParse Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return RenewalMessageParse.Invalid("the message is empty");
        }
        if (text.Length > MaxLength)
        {
            return RenewalMessageParse.Invalid($"the message has {text.Length} characters, more than {MaxLength}");
        }
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return RenewalMessageParse.Invalid($"the message is not JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return RenewalMessageParse.Invalid($"the message is a JSON {root.ValueKind}, not an object");
        }
        if (!root.TryGetProperty("lb", out var lb) || lb.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(lb.GetString()))
        {
            return RenewalMessageParse.Invalid("'lb' is missing or not a non-empty string");
        }
        var force = false;
        if (root.TryGetProperty("force", out var forceValue) && !TryReadBool(forceValue, out force))
        {
            return RenewalMessageParse.Invalid("'force' is not true or false");
        }
        var trigger = root.TryGetProperty("trigger", out var triggerValue) && triggerValue.ValueKind == JsonValueKind.String
            ? triggerValue.GetString()!
            : "queue";
        var requestedAt = root.TryGetProperty("requestedAt", out var at) && at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var parsed)
            ? parsed
            : DateTimeOffset.MinValue;
        string? certificate = null;
        if (root.TryGetProperty("certificate", out var certificateValue) && certificateValue.ValueKind != JsonValueKind.Null)
        {
            // Whether the fleet has it is the function's question (as for the LB); here only the shape.
            if (certificateValue.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(certificateValue.GetString()))
            {
                return RenewalMessageParse.Invalid("'certificate' is not a non-empty string");
            }
            certificate = certificateValue.GetString();
        }
        return RenewalMessageParse.Valid(new RenewalMessage(lb.GetString()!, trigger, force, requestedAt, certificate));
    }

    private static bool TryReadBool(JsonElement value, out bool result)
    {
        result = value.ValueKind == JsonValueKind.True;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }
}

/// <summary>What <see cref="RenewalMessage.Parse"/> found: a message, or the reason there is none.</summary>
public sealed record RenewalMessageParse(RenewalMessage? Message, string? Problem)
{
    public static RenewalMessageParse Valid(RenewalMessage message) => new(message, null);

    public static RenewalMessageParse Invalid(string problem) => new(null, problem);
}
