using System.ComponentModel.DataAnnotations;

namespace LbAcme.Acme;

/// <summary>Where the CA is and how patient to be with it.</summary>
public sealed class AcmeClientOptions
{
    /// <summary>The ACME directory URL, e.g. https://acme-v02.api.letsencrypt.org/directory.</summary>
    [Required]
    public Uri? DirectoryUrl { get; set; }

    /// <summary>Product token put first in the User-Agent RFC 8555 §6.1 requires.</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9._\-/+ ()]+$")]
    public string UserAgent { get; set; } = "lb-acme/1.0";

    /// <summary>Per HTTP request; a slower CA answer becomes a retryable connection error.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a request rejected with badNonce is re-signed with a fresh nonce (RFC 8555 §6.5).</summary>
    [Range(1, 100)]
    public int MaxBadNonceRetries { get; set; } = 20;

    /// <summary>First wait when polling an authorization or order without a Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between polls; the backoff doubles up to here and Retry-After is capped here.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted; ACME bodies are small, a huge one is an error page or an attack.</summary>
    [Range(4 * 1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
}
