namespace LbAcme.Core.Dapr;

/// <summary>
/// Every name the LB's Dapr sidecar (daprd), lb-sidecar, <c>lb-sidecar render dapr</c> and the Bicep share: the
/// component names, the topic Key Vault's events reach, the route lb-sidecar serves them on, the Service Bus
/// subscription of each LB, and the ports on the LB's loopback. The Bicep cannot read this file; an infra test holds
/// its values to these.
/// </summary>
public static class DaprNames
{
    /// <summary>The secret store component (<c>secretstores.azure.keyvault</c> on the fleet's vault).</summary>
    public const string SecretStore = "lbacme-certificates";

    /// <summary>The pub/sub component (<c>pubsub.azure.servicebus.topics</c>).</summary>
    public const string PubSub = "lbacme-events";

    /// <summary>The Service Bus topic Event Grid routes the vault's certificate events to.</summary>
    public const string Topic = "certificate-versions";

    /// <summary>The declarative subscription's name (metadata.name of the rendered Subscription).</summary>
    public const string Subscription = "lbacme-certificate-versions";

    /// <summary>Where daprd delivers the topic's events on lb-sidecar's app port (the subscription's route).</summary>
    public const string EventRoute = "/dapr/events/certificate-version";

    /// <summary>daprd's programmatic-subscription discovery call on the app port.</summary>
    public const string SubscribeRoute = "/dapr/subscribe";

    /// <summary>The event Key Vault publishes when a certificate gets a new version (what an import creates).</summary>
    public const string CertificateNewVersionCreated = "Microsoft.KeyVault.CertificateNewVersionCreated";

    /// <summary>
    /// The Service Bus application property Event Grid sets from the event's <c>data.ObjectName</c> (a delivery
    /// attribute mapping), which each LB's subscription rule filters on.
    /// </summary>
    public const string ObjectNameProperty = "objectName";

    /// <summary>lb-sidecar's app port (loopback only): where daprd discovers subscriptions and delivers events.</summary>
    public const int DefaultAppPort = 31082;

    /// <summary>daprd's gRPC API port on the LB's loopback (daprd's own default).</summary>
    public const int DefaultGrpcPort = 50001;

    /// <summary>daprd's HTTP API port on the LB's loopback (daprd's own default).</summary>
    public const int DefaultHttpPort = 3500;

    /// <summary>The Dapr app id of an LB's lb-sidecar; also the subscription's scope.</summary>
    public static string AppId(string lb)
    {
        ArgumentException.ThrowIfNullOrEmpty(lb);
        return $"lb-sidecar-{lb}";
    }

    /// <summary>The Service Bus subscription (daprd's <c>consumerID</c>) of an LB: one per LB, filtered to its certificates.</summary>
    public static string ServiceBusSubscription(string lb)
    {
        ArgumentException.ThrowIfNullOrEmpty(lb);
        return lb;
    }
}
