namespace LbAcme.Sidecar.Options;

/// <summary>
/// How this LB pulls its own certificate "{CertificateName}-{lb}" into HAProxy (section
/// <c>Sidecar:CertificateSync</c>). HAProxy's socket, reload command and certificate directory come from the
/// fleet's <c>Fleet:HaProxy</c> section, shared with the config renderers.
/// </summary>
public sealed class CertificateSyncOptions
{
    private bool? _enabled;
    private string? _store;

    /// <summary>
    /// Unset: on exactly when a certificate store is named (<see cref="CertificateKeyVaultOptions.Uri"/>,
    /// <see cref="ContainerSasUri"/> or <see cref="Store"/>), so a fleet file written from the Bicep outputs deploys
    /// certificates without a second switch, while a file that names no store (a challenge-only sidecar, or one
    /// written before this default) keeps its old behaviour and <c>lb-sidecar check</c> says sync is off.
    /// An explicit <c>true</c>/<c>false</c> always wins.
    /// </summary>
    public bool Enabled
    {
        get => _enabled ?? (KeyVault.Uri is not null || ContainerSasUri is not null || _store is not null);
        set => _enabled = value;
    }

    /// <summary>
    /// "keyvault" (the secret of the certificate, what the Bicep deploys), "dapr" (the same secret through the LB's
    /// Dapr sidecar) or "blob" (a container of "{name}.pem" blobs, Azurite locally). Unset: "keyvault" when <see cref="CertificateKeyVaultOptions.Uri"/> is set, else "blob".
    /// </summary>
    public string Store
    {
        get => _store ?? (KeyVault.Uri is not null ? LbAcme.Certificates.Stores.CertificateStores.KeyVault : LbAcme.Certificates.Stores.CertificateStores.Blob);
        set => _store = value;
    }

    /// <summary>
    /// The renewal engine's <c>Engine:CertificateName</c>: this LB's copy of a certificate is "{CertificateName}-{lb}"
    /// for the default one and "{CertificateName}-{certificate}-{lb}" for the others (<c>FleetCertificates.StoreName</c>).
    /// </summary>
    public string CertificateName { get; set; } = "lbacme";

    /// <summary>Blob store: the certificate container in the shared store's account (<c>Sidecar:Store:ConnectionString</c>).</summary>
    public string Container { get; set; } = "certificates";

    /// <summary>Blob store: alternative to the connection string, the certificate container's URL with a read SAS.</summary>
    public Uri? ContainerSasUri { get; set; }

    public CertificateKeyVaultOptions KeyVault { get; set; } = new();

    /// <summary>The LB's Dapr sidecar, when <see cref="Store"/> is "dapr".</summary>
    public CertificateDaprOptions Dapr { get; set; } = new();

    /// <summary>How often the store is asked for a new version. Reading an unchanged version costs one read, nothing is parsed.</summary>
    public TimeSpan Interval { get; set; } = LbAcme.Core.Status.CertificateSyncDefaults.Interval;

    /// <summary>First wait after a failed round (store or HAProxy); doubles per failure, with jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between attempts while failing.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Upper bound for one certificate-store or status call, including the SDK's retries.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// One-certificate fleets only: the PEM HAProxy loads (leaf, intermediates, key), for a hand-written
    /// <c>bind ... crt</c> line; then no crt-list is kept unless <c>Fleet:HaProxy:CrtList</c> is set. Default (and
    /// always with several certificates): <c>{Fleet:HaProxy:CertificateDirectory}/{first name}/haproxy</c> per certificate.
    /// </summary>
    public string? PemPath { get; set; }

    /// <summary>One-certificate fleets only: the certificate's name in HAProxy, exactly as written in the <c>bind ... crt</c> line. Default: <see cref="PemPath"/>.</summary>
    public string? RuntimeCertificatePath { get; set; }

    /// <summary>Owner of the PEM when running as root: "user", "user:group" or "uid:gid". Empty: leave as created (root).</summary>
    public string FileOwner { get; set; } = "";

    /// <summary>Timeout of one Runtime API command (connect, send, answer).</summary>
    public TimeSpan RuntimeApiTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of the reload command; it is killed after this long and counts as failed.</summary>
    public TimeSpan ReloadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deploy the store's certificate once at start even if it is not newer than the deployed one (every other check still applies).</summary>
    public bool Force { get; set; }
}
