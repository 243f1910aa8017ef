namespace LbAcme.Core.Fleet;

/// <summary>What HAProxy fronts (configuration section <c>Fleet:HaProxy:Service</c>): the HTTPS port on every VIP and the backend servers.</summary>
public sealed class HaProxyServiceOptions
{
    /// <summary>TLS port bound on every VIP. Port 80 belongs to the sidecar (HTTP-01 and the redirect to https).</summary>
    public int HttpsPort { get; set; } = 443;

    /// <summary>Path of the backends' HTTP health check.</summary>
    public string HealthCheckPath { get; set; } = "/";

    public List<HaProxyServerOptions> Servers { get; set; } = [];
}
