using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;

namespace LbAcme.Certificates;

/// <summary>The current version of a stored certificate without its key: enough to decide on renewal.</summary>
public sealed record StoredCertificateInfo(string Name, string Version, X509Certificate2 Leaf, IReadOnlyDictionary<string, string> Tags);

/// <summary>The current version of a stored certificate with key and chain, as a PEM bundle.</summary>
public sealed record StoredCertificate(string Name, string Version, string Pem, IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The leaf and tags, for a store that can only read the whole bundle (Blob, Dapr).</summary>
    public StoredCertificateInfo Info()
    {
        using var chain = CertificateChain.Parse(Pem);
        return new StoredCertificateInfo(Name, Version, X509CertificateLoader.LoadCertificate(chain.Leaf.RawData), Tags);
    }
}
