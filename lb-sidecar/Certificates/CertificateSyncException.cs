namespace LbAcme.Sidecar.Certificates;

/// <summary>A round that must be retried with backoff: the store could not be read, or HAProxy could not be given the certificate.</summary>
internal sealed class CertificateSyncException(string outcome, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The metrics outcome: "store_failed" or "apply_failed".</summary>
    public string Outcome { get; } = outcome;
}
