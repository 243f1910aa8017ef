namespace LbAcme.Certificates;

/// <summary>
/// Keeps the fleet's one ACME account key (PKCS#8 PEM) next to the certificates, so every run, on any
/// instance, acts as the same account — which Let's Encrypt's ARI rate-limit exemption requires.
/// </summary>
public interface IAccountKeyStore
{
    /// <summary>The stored key, or null when there is none (never stored, or cleared by <see cref="SetAsync"/> with null).</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="pkcs8Pem"/> under <paramref name="name"/>, replacing what is there; null clears it. Used by
    /// the operator's key rollover and account deactivation (functions/Renewal/Account). Clearing writes an empty value
    /// rather than deleting: a deleted Key Vault secret keeps its name until purged, so a later write of the same name
    /// would fail; an empty value reads as none in both stores.
    /// </summary>
    Task SetAsync(string name, string? pkcs8Pem, CancellationToken cancellationToken);

    /// <summary>Stores the key unless one exists; returns the key that is stored afterwards (ours or the winner's).</summary>
    Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken);
}
