using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Options;

/// <summary>Settings of one sidecar (configuration section <c>Sidecar</c>); the fleet itself comes from <c>Fleet</c>.</summary>
public sealed class SidecarOptions
{
    public const string SectionName = "Sidecar";

    /// <summary>Which <c>Fleet:LoadBalancers[*]:Name</c> this sidecar runs on. Required.</summary>
    public string LoadBalancer { get; set; } = "";

    /// <summary>
    /// Address both challenge listeners bind to, on the ports the fleet gives this LB. "::" (default) takes every
    /// address, v4 and v6, so VIPs arriving by keepalived are served; a specific address (e.g. 127.0.1.2) lets
    /// several sidecars share one machine.
    /// </summary>
    public string ListenAddress { get; set; } = "::";

    /// <summary>Prometheus endpoint as address:port; loopback by default. Empty turns metrics off.</summary>
    public string MetricsEndpoint { get; set; } = "127.0.0.1:9180";

    /// <summary>Directory where acmetool, certbot or lego on this box drop challenge files.</summary>
    public string Webroot { get; set; } = "/var/run/acme/acme-challenge/";

    /// <summary>The shared store; without it only the webroot and peers answer.</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>How often the marker blob's ETag is read. Sets how fast a deposited token is served.</summary>
    public TimeSpan StorePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the prefix is listed even when the marker did not change (marker missing or its write lost).</summary>
    public TimeSpan StoreFullListInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait between store attempts while it fails (exponential backoff with jitter up to here).</summary>
    public TimeSpan StoreMaxBackoff { get; set; } = TimeSpan.FromMinutes(2);

    public PeerOptions Peers { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    /// <summary>Pulling this LB's certificate into HAProxy; off unless <c>CertificateSync:Enabled</c>.</summary>
    public CertificateSyncOptions CertificateSync { get; set; } = new();

    /// <summary>
    /// How log lines are written: "auto" (default: "systemd" when $JOURNAL_STREAM is set, else "simple"),
    /// "simple", "json" or "systemd" (journald priorities).
    /// </summary>
    public string LogFormat { get; set; } = "auto";
}
