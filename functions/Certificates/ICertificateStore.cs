namespace LbAcme.Certificates;

/// <summary>
/// Where each LB's certificate lives ("{certName}-{lb}"), versioned, with tags. Key Vault in Azure; a Blob
/// container locally. Reading returns null when the certificate does not exist; a store that cannot be
/// reached throws (the caller keeps what it has).
/// </summary>
public interface ICertificateStore
{
    /// <summary>The current version's leaf and tags, without reading the private key.</summary>
    Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken);

    /// <summary>The current version with key and full chain (what an LB deploys).</summary>
    Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores a new version; the bundle has already been checked (key matches leaf, chain links).</summary>
    Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);
}
