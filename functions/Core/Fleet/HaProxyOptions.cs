namespace LbAcme.Core.Fleet;

/// <summary>Where HAProxy expects its certificate and how the sidecar tells it about a new one.</summary>
public sealed class HaProxyOptions
{
    /// <summary>Root of the per-domain folders; the PEM goes to <c>{CertificateDirectory}/{domain}/haproxy</c>.</summary>
    public string CertificateDirectory { get; set; } = "/var/lib/acme/live";

    /// <summary>HAProxy's admin-level Runtime API socket (<c>stats socket ... level admin</c>).</summary>
    public string RuntimeSocket { get; set; } = "/run/haproxy/admin.sock";

    /// <summary>Fallback when the Runtime API swap fails.</summary>
    public string ReloadCommand { get; set; } = "systemctl reload haproxy";

    /// <summary>What HAProxy fronts, for <c>lb-sidecar render haproxy</c>.</summary>
    public HaProxyServiceOptions Service { get; set; } = new();
}
