using YamlDotNet.RepresentationModel;

namespace LbAcme.DaprDouble.Resources;

/// <summary>
/// daprd's self-hosted resource loading: every *.yaml / *.yml file directly in --resources-path, each possibly holding
/// several documents. kind Component registers its metadata.name under the building block its spec.type starts with
/// (secretstores.*, pubsub.*); kind Subscription (dapr.io/v1alpha1 spec.route, dapr.io/v2alpha1 spec.routes) becomes a
/// declarative subscription. Both are skipped when their scopes do not name the app id
/// (https://docs.dapr.io/developing-applications/building-blocks/pubsub/subscription-methods/).
/// </summary>
internal static class ResourceFiles
{
    public static ResourceSet Load(string? folder, string appId)
    {
        if (folder is null)
        {
            return ResourceSet.Empty;
        }
        var secretStores = new List<SecretStoreComponent>();
        var pubSubs = new List<string>();
        var subscriptions = new List<DaprSubscription>();
        var files = Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var document in Documents(file))
            {
                if (!InScope(document, appId))
                {
                    continue;
                }
                switch (document.Text("kind"))
                {
                    case "Component":
                        AddComponent(document, secretStores, pubSubs);
                        break;
                    case "Subscription":
                        subscriptions.Add(Subscription(document, Path.GetFileName(file)));
                        break;
                    default:
                        break;
                }
            }
        }
        return new ResourceSet(secretStores, pubSubs, subscriptions);
    }

    private static List<YamlNode> Documents(string file)
    {
        using var reader = new StreamReader(file);
        var stream = new YamlStream();
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static bool InScope(YamlNode document, string appId)
    {
        var scopes = document.Items("scopes").OfType<YamlScalarNode>().Select(s => s.Value).ToList();
        return scopes.Count == 0 || scopes.Contains(appId, StringComparer.Ordinal);
    }

    private static void AddComponent(YamlNode document, List<SecretStoreComponent> secretStores, List<string> pubSubs)
    {
        var name = document.Text("metadata", "name") ?? throw Invalid("a Component without metadata.name");
        var type = document.Text("spec", "type") ?? throw Invalid($"Component {name} without spec.type");
        if (type.StartsWith("secretstores.", StringComparison.Ordinal))
        {
            var vaultName = document.Items("spec", "metadata").FirstOrDefault(m => m.Text("name") == "vaultName").Text("value");
            secretStores.Add(new SecretStoreComponent(name, type, vaultName));
        }
        else if (type.StartsWith("pubsub.", StringComparison.Ordinal))
        {
            pubSubs.Add(name);
        }
    }

    private static DaprSubscription Subscription(YamlNode document, string file)
    {
        var name = document.Text("metadata", "name") ?? throw Invalid($"a Subscription without metadata.name in {file}");
        var pubSub = document.Text("spec", "pubsubname") ?? throw Invalid($"Subscription {name} without spec.pubsubname");
        var topic = document.Text("spec", "topic") ?? throw Invalid($"Subscription {name} without spec.topic");
        // v1alpha1 has spec.route; v2alpha1 spec.routes {default, rules[{match, path}]}.
        var defaultRoute = document.Text("spec", "routes", "default") ?? document.Text("spec", "route");
        var rules = document.Items("spec", "routes", "rules")
            .Select(r => new DaprRouteRule(r.Text("match"), r.Text("path") ?? throw Invalid($"Subscription {name}: a rule without path")))
            .ToList();
        if (defaultRoute is null && rules.Count == 0)
        {
            throw Invalid($"Subscription {name} has no route");
        }
        var rawPayload = string.Equals(document.Text("spec", "metadata", "rawPayload"), "true", StringComparison.OrdinalIgnoreCase);
        return new DaprSubscription(pubSub, topic, defaultRoute, rules, rawPayload, $"declarative {name} ({file})");
    }

    private static InvalidDataException Invalid(string what) => new($"daprd would refuse {what}.");
}
