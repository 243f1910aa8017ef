using LbAcme.Core.Dapr;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// The LB's Dapr sidecar (daprd) as certificate source and event source (section
/// <c>Sidecar:CertificateSync:Dapr</c>, used when <c>Store</c> is "dapr"). The API token daprd may demand comes from
/// the environment as Dapr defines it (<c>DAPR_API_TOKEN</c>), and so does the token daprd sends to the app port
/// (<c>APP_API_TOKEN</c>): neither belongs in a fleet file.
/// </summary>
public sealed class CertificateDaprOptions
{
    /// <summary>daprd's gRPC API on this LB's loopback.</summary>
    public Uri GrpcEndpoint { get; set; } = new($"http://127.0.0.1:{DaprNames.DefaultGrpcPort}");

    /// <summary>The secret store component holding this LB's certificate secrets ("{CertificateName}-{lb}" and the others').</summary>
    public string SecretStore { get; set; } = DaprNames.SecretStore;

    /// <summary>
    /// Listen on <see cref="AppPort"/> (127.0.0.1 only) for daprd's delivery of new-version events, and run a sync
    /// round at once on each. The poll every <c>Interval</c> continues either way.
    /// </summary>
    public bool Events { get; set; } = true;

    /// <summary>lb-sidecar's app port, daprd's <c>--app-port</c>.</summary>
    public int AppPort { get; set; } = DaprNames.DefaultAppPort;

    /// <summary>
    /// Events after the one that woke a round, within this long of that round's start, are merged into one more round
    /// at the window's end: a burst of duplicates costs at most two store reads per certificate.
    /// </summary>
    public TimeSpan EventCoalesceWindow { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pub/sub component the rendered subscription names (render only).</summary>
    public string PubSub { get; set; } = DaprNames.PubSub;

    /// <summary>The Service Bus topic of the vault's certificate events (the Bicep output <c>certificateEventsTopic</c>; render only).</summary>
    public string Topic { get; set; } = DaprNames.Topic;

    /// <summary>The Service Bus namespace's host name (the Bicep output <c>serviceBusNamespaceHost</c>; render only, required to render the pub/sub component).</summary>
    public string? ServiceBusNamespace { get; set; }

    /// <summary>Client id of the LB's user-assigned managed identity, when it has one (render only; empty: the VM's system-assigned identity).</summary>
    public string? AzureClientId { get; set; }
}
