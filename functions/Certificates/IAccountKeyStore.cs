namespace LbAcme.Certificates;

/// <summary>
/// Keeps the fleet's one ACME account key (PKCS#8 PEM) next to the certificates, so every run, on any
/// instance, acts as the same account — which Let's Encrypt's ARI rate-limit exemption requires.
/// </summary>
public interface IAccountKeyStore
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores the key unless one exists; returns the key that is stored afterwards (ours or the winner's).</summary>
    Task<string> GetOrAddAsync(string name, string pkcs8Pem, CancellationToken cancellationToken);
}
