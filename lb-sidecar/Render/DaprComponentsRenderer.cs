using System.Globalization;
using System.Text;
using LbAcme.Core.Dapr;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// The Dapr resources of one LB's daprd: the secret store on the fleet's vault, and with events on the Service Bus
/// pub/sub component and the declarative subscription that delivers the vault's new-version events to lb-sidecar's
/// app port. Every resource is scoped to the LB's app id, so a resources directory copied to the wrong LB loads nothing.
/// Values are double-quoted: "true" must stay a string (Dapr's metadata values are strings) and no value can turn
/// into YAML syntax.
/// </summary>
internal static class DaprComponentsRenderer
{
    public const string SecretStoreFile = "secretstore.yaml";
    public const string PubSubFile = "pubsub.yaml";
    public const string SubscriptionFile = "subscription.yaml";

    /// <summary>The files of <paramref name="settings"/>, by file name; without events only the secret store.</summary>
    public static IReadOnlyDictionary<string, string> Render(DaprRenderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var files = new Dictionary<string, string>(StringComparer.Ordinal) { [SecretStoreFile] = SecretStore(settings) };
        if (settings.Events)
        {
            files[PubSubFile] = PubSub(settings);
            files[SubscriptionFile] = Subscription(settings);
        }
        return files;
    }

    // https://docs.dapr.io/reference/components-reference/supported-secret-stores/azure-keyvault/ : vaultName is the
    // vault's name; azureClientId selects a user-assigned managed identity (docs.dapr.io "Authenticating to Azure").
    private static string SecretStore(DaprRenderSettings settings)
    {
        var text = Start(settings, "dapr.io/v1alpha1", "Component", settings.SecretStore);
        text.AppendLine("spec:");
        text.AppendLine("  type: secretstores.azure.keyvault");
        text.AppendLine("  version: v1");
        text.AppendLine("  metadata:");
        Metadata(text, "vaultName", settings.VaultName);
        ClientId(text, settings);
        Scopes(text, settings);
        return text.ToString();
    }

    // https://docs.dapr.io/reference/components-reference/supported-pubsub/setup-azure-servicebus-topics/ :
    // namespaceName is the namespace's fully qualified name (Entra ID authentication, no connection string);
    // consumerID is the Service Bus subscription the component receives from; disableEntityManagement "true" because
    // the Bicep creates the topic, the LB's subscription and its filter, and the LB's identity holds only Data Receiver
    // on that subscription (creating entities would need Manage rights).
    private static string PubSub(DaprRenderSettings settings)
    {
        var text = Start(settings, "dapr.io/v1alpha1", "Component", settings.PubSub);
        text.AppendLine("spec:");
        text.AppendLine("  type: pubsub.azure.servicebus.topics");
        text.AppendLine("  version: v1");
        text.AppendLine("  metadata:");
        Metadata(text, "namespaceName", settings.ServiceBusNamespace!);
        Metadata(text, "consumerID", DaprNames.ServiceBusSubscription(settings.Lb));
        Metadata(text, "disableEntityManagement", "true");
        ClientId(text, settings);
        Scopes(text, settings);
        return text.ToString();
    }

    // https://docs.dapr.io/reference/resource-specs/subscription-schema/ : v2alpha1, routes.default is the path for
    // every event (no CEL rules: lb-sidecar itself decides what an event means for this LB).
    private static string Subscription(DaprRenderSettings settings)
    {
        var text = Start(settings, "dapr.io/v2alpha1", "Subscription", DaprNames.Subscription);
        text.AppendLine("spec:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  pubsubname: {Quote(settings.PubSub)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  topic: {Quote(settings.Topic)}");
        text.AppendLine("  routes:");
        text.AppendLine(CultureInfo.InvariantCulture, $"    default: {Quote(DaprNames.EventRoute)}");
        Scopes(text, settings);
        return text.ToString();
    }

    private static StringBuilder Start(DaprRenderSettings settings, string apiVersion, string kind, string name)
    {
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For(RenderArguments.Dapr, settings.Lb));
        text.AppendLine(CultureInfo.InvariantCulture, $"apiVersion: {apiVersion}");
        text.AppendLine(CultureInfo.InvariantCulture, $"kind: {kind}");
        text.AppendLine("metadata:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  name: {Quote(name)}");
        return text;
    }

    private static void Metadata(StringBuilder text, string name, string value)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"    - name: {name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"      value: {Quote(value)}");
    }

    /// <summary>Unset: the component signs in with the VM's system-assigned identity (DefaultAzureCredential's managed identity).</summary>
    private static void ClientId(StringBuilder text, DaprRenderSettings settings)
    {
        if (settings.AzureClientId is { } clientId)
        {
            Metadata(text, "azureClientId", clientId);
        }
    }

    private static void Scopes(StringBuilder text, DaprRenderSettings settings)
    {
        text.AppendLine("scopes:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  - {Quote(settings.AppId)}");
    }

    /// <summary>A YAML double-quoted scalar (the values are validated names, so escaping '\' and '"' covers them).</summary>
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
