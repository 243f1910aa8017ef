using System.ComponentModel.DataAnnotations;

namespace LbAcme.Renewal.Engine;

/// <summary>How the renewal engine runs (configuration section "Engine"); the fleet itself is in "Fleet".</summary>
public sealed class RenewalEngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>The store-name prefix: certificates are stored as "{CertificateName}-{lb}" (the default certificate) or "{CertificateName}-{certificate}-{lb}" (FleetCertificates.StoreName).</summary>
    [Required]
    [RegularExpression("^[0-9a-zA-Z-]{1,60}$")]
    public string CertificateName { get; set; } = "lbacme";

    /// <summary>Name of the fleet's ACME account key in the certificate store.</summary>
    [Required]
    [RegularExpression("^[0-9a-zA-Z-]{1,100}$")]
    public string AccountKeyName { get; set; } = "lbacme-acme-account";

    /// <summary>
    /// How many LBs an in-process fleet run (<see cref="Runs.IRenewalRunner.RunAsync"/>) works on at once. The
    /// function app does not use it: there each LB is one queue message, and host.json's batchSize and
    /// newBatchThreshold bound the invocations per instance.
    /// </summary>
    [Range(1, 256)]
    public int MaxParallelism { get; set; } = 64;

    /// <summary>Overall deadline for one LB's order, from newOrder to the certificate.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan OrderDeadline { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the public URL may take to answer every deposited key authorization through every address.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan SelfTestDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// LB addresses the self-test asks besides every VIP and the owning LB: 0 asks all of them; otherwise this
    /// many others, picked at random per order. Asking all of N LBs for each of N orders is N² fan-outs; a sample
    /// still proves the owner's sidecar synced the token and that the fan-out reaches it.
    /// </summary>
    [Range(0, 250)]
    public int SelfTestLbSample { get; set; } = 8;

    /// <summary>Timeout of one self-test request.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SelfTestRequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The port HTTP-01 validation uses on the VIPs (80 for Let's Encrypt; Pebble can be told another).</summary>
    [Range(1, 65535)]
    public int PublicHttpPort { get; set; } = 80;

    /// <summary>Blob lease on locks/{lb}; renewed while the order runs, so a killed run frees the LB within this time.</summary>
    [Range(typeof(TimeSpan), "00:00:15", "00:01:00")]
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Optional PEM file of an extra root to trust for the ACME server's TLS (a private CA or a local Pebble).</summary>
    public string? AcmeTrustedRootPath { get; set; }

    /// <summary>"blob" (Azurite, local) or "keyvault" (Azure).</summary>
    [Required]
    [RegularExpression("^(blob|keyvault)$")]
    public string CertificateStore { get; set; } = Certificates.Stores.CertificateStores.Blob;

    /// <summary>Key Vault URI when <see cref="CertificateStore"/> is "keyvault".</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Blob container for certificates when <see cref="CertificateStore"/> is "blob".</summary>
    [RegularExpression("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")]
    public string CertificateContainer { get; set; } = "certificates";
}
