using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Http.Admission;

/// <summary>
/// The admission of each listener: the public one by source share, the peer one by allow-list first, the metrics one
/// (loopback by default, scraped by one agent) by its total only.
/// </summary>
internal sealed class ListenerAdmissions(IOptions<SidecarOptions> options, PeerAllowList allowList, SidecarMetrics metrics, TimeProvider time, ILogger<ConnectionAdmission> logger)
{
    public ConnectionAdmission Public { get; } = new(PublicListener.Name, allowList: null, options.Value.Limits.MaxConnections,
        options.Value.Limits.MaxConnectionsPerSource, ConnectionMetrics.ForListener(metrics, PublicListener.Name), time, logger);

    public ConnectionAdmission Peer { get; } = new(PeerListener.Name, allowList, options.Value.Limits.MaxConnections,
        options.Value.Limits.MaxPeerConnectionsPerSource, ConnectionMetrics.ForListener(metrics, PeerListener.Name), time, logger);

    public ConnectionAdmission Metrics { get; } = new(MetricsListener.Name, allowList: null, options.Value.Limits.MaxConnections,
        (int)Math.Min(options.Value.Limits.MaxConnections, int.MaxValue), ConnectionMetrics.ForListener(metrics, MetricsListener.Name), time, logger);
}
