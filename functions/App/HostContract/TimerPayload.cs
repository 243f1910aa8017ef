using System.Globalization;
using System.Text.Json;

namespace LbAcme.Functions.HostContract;

/// <summary>
/// Reads the timer binding from a host payload without trusting it: ScheduleStatus is null when the
/// schedule monitor is off, and Last/LastUpdated can arrive badly formatted (azure-functions-host #7391).
/// A bad field becomes a warning, never a failed run — the renewal does not depend on these values.
/// </summary>
public static class TimerPayload
{
    public static TimerInfo Read(InvocationRequest request, string bindingName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var warnings = new List<string>();
        if (!request.Data.TryGetValue(bindingName, out var timer) || timer.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            warnings.Add($"no '{bindingName}' binding data");
            return new TimerInfo(false, null, null, warnings);
        }
        // Some host versions pass the binding as a JSON string holding the object.
        if (timer.ValueKind == JsonValueKind.String && TryParseObject(timer.GetString(), out var inner))
        {
            timer = inner;
        }
        if (timer.ValueKind != JsonValueKind.Object)
        {
            warnings.Add($"'{bindingName}' is {timer.ValueKind}, not an object");
            return new TimerInfo(false, null, null, warnings);
        }
        var isPastDue = Property(timer, "IsPastDue") is { ValueKind: JsonValueKind.True };
        DateTimeOffset? last = null, next = null;
        if (Property(timer, "ScheduleStatus") is { ValueKind: JsonValueKind.Object } status)
        {
            last = ReadTime(status, "Last", warnings);
            next = ReadTime(status, "Next", warnings);
        }
        return new TimerInfo(isPastDue, last, next, warnings);
    }

    private static DateTimeOffset? ReadTime(JsonElement status, string name, List<string> warnings)
    {
        if (Property(status, name) is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }
        var text = value.GetString();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }
        warnings.Add($"ScheduleStatus.{name} '{Truncate(text)}' is not a date");
        return null;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static bool TryParseObject(string? text, out JsonElement element)
    {
        element = default;
        try
        {
            using var document = JsonDocument.Parse(text ?? string.Empty);
            element = document.RootElement.Clone();
            return element.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Truncate(string? text) => text is null ? "null" : text.Length > 40 ? text[..40] + "…" : text;
}
