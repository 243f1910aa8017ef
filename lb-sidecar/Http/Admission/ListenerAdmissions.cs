using LbAcme.Sidecar.Events;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Http.Admission;

/// <summary>
/// The admission of each listener: the public one by source share, the peer one by allow-list first, the metrics one
/// (loopback by default, scraped by one agent) by its total only, and daprd's app port (loopback only, one daprd)
/// by a small total of its own: daprd delivers on a few connections, and one refused is retried by daprd.
/// </summary>
internal sealed class ListenerAdmissions(IOptions<SidecarOptions> options, PeerAllowList allowList, SidecarMetrics metrics, TimeProvider time, ILogger<ConnectionAdmission> logger)
{
    public ConnectionAdmission Public { get; } = new(PublicListener.Name, allowList: null, options.Value.Limits.MaxConnections,
        options.Value.Limits.MaxConnectionsPerSource, ConnectionMetrics.ForListener(metrics, PublicListener.Name), time, logger);

    public ConnectionAdmission Peer { get; } = new(PeerListener.Name, allowList, options.Value.Limits.MaxConnections,
        options.Value.Limits.MaxPeerConnectionsPerSource, ConnectionMetrics.ForListener(metrics, PeerListener.Name), time, logger);

    public ConnectionAdmission Metrics { get; } = new(MetricsListener.Name, allowList: null, options.Value.Limits.MaxConnections,
        (int)Math.Min(options.Value.Limits.MaxConnections, int.MaxValue), ConnectionMetrics.ForListener(metrics, MetricsListener.Name), time, logger);

    private readonly Lazy<ConnectionAdmission> _dapr = new(() => new(DaprAppListener.Name, allowList: null, DaprAppConnections,
        DaprAppConnections, ConnectionMetrics.ForListener(metrics, DaprAppListener.Name), time, logger));

    /// <summary>Made when first asked (the app port listens), so an LB without rollout events exports no "dapr" series.</summary>
    public ConnectionAdmission Dapr => _dapr.Value;

    /// <summary>Open connections on the app port: far above what daprd opens for one topic, far below a flood's.</summary>
    public const int DaprAppConnections = 256;
}
