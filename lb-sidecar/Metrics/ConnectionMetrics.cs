using Prometheus;

namespace LbAcme.Sidecar.Metrics;

/// <summary>
/// Connection admission counters of one listener, labels resolved once (a refusal flood increments them at the
/// accept rate) and published at 0 from start. Registered in the sidecar's registry by the first listener that asks.
/// </summary>
internal sealed class ConnectionMetrics
{
    private readonly Counter.Child[] _refused;
    private readonly Gauge.Child _open;

    private ConnectionMetrics(Counter.Child[] refused, Gauge.Child open)
    {
        _refused = refused;
        _open = open;
    }

    public static ConnectionMetrics ForListener(SidecarMetrics metrics, string listener)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var refused = factory.CreateCounter("lbacme_sidecar_connections_refused_total",
            "Connections closed on accept without reading a byte, by listener and reason (not_allowed, source_limit, listener_limit).",
            "listener", "reason");
        var open = factory.CreateGauge("lbacme_sidecar_connections_open", "Connections admitted and still open, by listener.", "listener");
        var children = new Counter.Child[ConnectionRefusalLabels.All.Length];
        foreach (var refusal in ConnectionRefusalLabels.All)
        {
            children[(int)refusal] = refused.WithLabels(listener, refusal.Label());
        }
        return new ConnectionMetrics(children, open.WithLabels(listener));
    }

    public void Refused(ConnectionRefusal refusal) => _refused[(int)refusal].Inc();

    public void Opened() => _open.Inc();

    public void Closed() => _open.Dec();
}
