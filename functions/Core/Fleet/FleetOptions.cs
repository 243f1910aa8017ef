using LbAcme.Core.Keys;

namespace LbAcme.Core.Fleet;

/// <summary>
/// The one description of the service that the renewal function, every sidecar and the config renderers
/// read (configuration section <c>Fleet</c>, usually from <c>fleet.json</c>). Validated at start by
/// <see cref="FleetOptionsValidation"/>, whose errors name the offending field.
/// </summary>
public sealed class FleetOptions
{
    public const string SectionName = "Fleet";

    /// <summary>
    /// The service's DNS names (SANs) every LB's certificate carries, e.g. svc.example.com. Canonical once bound
    /// (lowercase, no trailing dot, punycode): see <see cref="FleetNames"/>.
    /// </summary>
    public List<string> Names { get; set; } = [];

    /// <summary>
    /// Several certificates per LB, each with its own names (HAProxy picks by SNI). Empty: <see cref="Names"/> is the
    /// one certificate (the shorthand). Exactly one of the two is given; see <see cref="FleetCertificates"/>.
    /// </summary>
    public List<CertificateOptions> Certificates { get; set; } = [];

    /// <summary>ACME directory, e.g. https://acme-v02.api.letsencrypt.org/directory.</summary>
    public Uri? AcmeDirectoryUrl { get; set; }

    /// <summary>Account contacts, e.g. mailto:ops@example.com.</summary>
    public List<string> Contact { get; set; } = [];

    /// <summary>Certificate key type: EcP256 (default), EcP384, Rsa2048, Rsa3072 or Rsa4096.</summary>
    public KeyType KeyType { get; set; } = KeyType.EcP256;

    /// <summary>Optional ACME profile (e.g. tlsserver, shortlived); null lets the CA choose.</summary>
    public string? Profile { get; set; }

    /// <summary>External account binding, for CAs that require one.</summary>
    public ExternalAccountBindingOptions? Eab { get; set; }

    public RenewalPolicyOptions Renewal { get; set; } = new();

    public List<LoadBalancerOptions> LoadBalancers { get; set; } = [];

    /// <summary>The keepalived virtual IPs the service name resolves to.</summary>
    public List<string> Vips { get; set; } = [];

    public HaProxyOptions HaProxy { get; set; } = new();

    /// <summary>The CAs a deployed certificate must chain to; defaults follow <see cref="AcmeDirectoryUrl"/> (see <see cref="TrustedRootsOptions"/>).</summary>
    public TrustedRootsOptions TrustedRoots { get; set; } = new();

    /// <summary>VRRP layout for <c>lb-sidecar render keepalived</c>.</summary>
    public KeepalivedOptions Keepalived { get; set; } = new();

    /// <summary>Webhooks told about state changes (the renewal function only; see <see cref="NotificationOptions"/>).</summary>
    public NotificationOptions Notifications { get; set; } = new();

    /// <summary>The load balancer called <paramref name="name"/>, or null.</summary>
    public LoadBalancerOptions? FindLoadBalancer(string? name) =>
        LoadBalancers.FirstOrDefault(lb => string.Equals(lb.Name, name, StringComparison.Ordinal));
}
