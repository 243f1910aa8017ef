using System.Text.Json;

namespace LbAcme.DaprDouble.PubSub;

/// <summary>
/// The app's answer to GET /dapr/subscribe read as daprd reads it: anything but 200 (404 quietly, others with an error
/// logged) or an empty body = no subscriptions; a 200 body daprd cannot read fails discovery; otherwise a JSON array of {pubsubname, topic, route | routes {default, rules[{match, path}]}, metadata}
/// (https://docs.dapr.io/reference/api/pubsub_api/#provide-a-route-for-dapr-to-discover-topic-subscriptions). Keys
/// match case-insensitively, as Go's decoder does.
/// </summary>
internal static class ProgrammaticSubscriptions
{
    public static IReadOnlyList<DaprSubscription> Read(AppReply reply)
    {
        if (reply.StatusCode != 200 || string.IsNullOrWhiteSpace(reply.Body))
        {
            return [];
        }
        using var document = JsonDocument.Parse(reply.Body);
        if (document.RootElement.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("unable to get app subscriptions: GET /dapr/subscribe did not answer a JSON array");
        }
        return [.. document.RootElement.EnumerateArray().Select(Subscription)];
    }

    private static DaprSubscription Subscription(JsonElement entry)
    {
        var pubSub = Text(entry, "pubsubname") ?? throw new InvalidDataException("a programmatic subscription without pubsubname");
        var topic = Text(entry, "topic") ?? throw new InvalidDataException("a programmatic subscription without topic");
        var routes = Property(entry, "routes");
        var defaultRoute = (routes is { } r ? Text(r, "default") : null) ?? Text(entry, "route");
        var rules = routes is { } withRules && Property(withRules, "rules") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Select(rule => new DaprRouteRule(Text(rule, "match"), Text(rule, "path") ?? "")).ToList()
            : [];
        var rawPayload = Property(entry, "metadata") is { } metadata
            && string.Equals(Text(metadata, "rawPayload"), "true", StringComparison.OrdinalIgnoreCase);
        return new DaprSubscription(pubSub, topic, defaultRoute, rules, rawPayload, "programmatic (GET /dapr/subscribe)");
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}
