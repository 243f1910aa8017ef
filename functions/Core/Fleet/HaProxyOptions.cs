namespace LbAcme.Core.Fleet;

/// <summary>Where HAProxy expects its certificate and how the sidecar tells it about a new one.</summary>
public sealed class HaProxyOptions
{
    /// <summary>Root of the per-domain folders; the PEM goes to <c>{CertificateDirectory}/{domain}/haproxy</c>.</summary>
    public string CertificateDirectory { get; set; } = "/var/lib/acme/live";

    /// <summary>
    /// The crt-list HAProxy's TLS binds read and the sidecar keeps in step with the running HAProxy (one line per
    /// certificate). Unset: <c>haproxy.crt-list</c> beside <see cref="CertificateDirectory"/> (<see cref="FleetCertificates.CrtListPath"/>).
    /// </summary>
    public string? CrtList { get; set; }

    /// <summary>HAProxy's admin-level Runtime API socket (<c>stats socket ... level admin</c>).</summary>
    public string RuntimeSocket { get; set; } = "/run/haproxy/admin.sock";

    /// <summary>
    /// Fallback when the Runtime API swap fails; empty (the default): none, a refused certificate is rolled back
    /// and an unreachable HAProxy loads the file at its next start. The packaged unit runs the sidecar as an
    /// unprivileged user, for whom "systemctl reload haproxy" is denied unless polkit is told otherwise.
    /// </summary>
    public string ReloadCommand { get; set; } = "";

    /// <summary>What HAProxy fronts, for <c>lb-sidecar render haproxy</c>.</summary>
    public HaProxyServiceOptions Service { get; set; } = new();
}
