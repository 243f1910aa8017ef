using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Core.Keys;

namespace LbAcme.Certificates.Tests;

/// <summary>Certificate bundles from an in-process root and intermediate, issued to our own CSRs.</summary>
internal static class TestBundles
{
    private static readonly Lazy<(X509Certificate2 Root, X509Certificate2 Intermediate)> Issuers = new(CreateIssuers);

    public static X509Certificate2 Intermediate => Issuers.Value.Intermediate;

    /// <summary>A leaf with key and chain; with <c>commonName: false</c> its subject is empty and the names are SANs only, as Let's Encrypt's "tlsserver" and "shortlived" profiles issue.</summary>
    public static CertificateBundle Issue(string[] names, KeyType keyType = KeyType.EcP256, TimeSpan? lifetime = null, DateTimeOffset? notBefore = null, bool commonName = true)
    {
        var key = AcmeKey.Create(keyType);
        var csr = CertificateRequest.LoadSigningRequest(key.CreateCsr(names), HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);
        if (!commonName)
        {
            var withoutSubject = new CertificateRequest(new X500DistinguishedName(""), csr.PublicKey, HashAlgorithmName.SHA256);
            foreach (var extension in csr.CertificateExtensions)
            {
                withoutSubject.CertificateExtensions.Add(extension);
            }
            csr = withoutSubject;
        }
        csr.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var start = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        using var leaf = csr.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(Intermediate.GetECDsaPrivateKey()!), start, start + (lifetime ?? TimeSpan.FromDays(90)), RandomNumberGenerator.GetBytes(16).Select((b, i) => i == 0 ? (byte)(b & 0x7f) : b).ToArray());
        var pem = leaf.ExportCertificatePem() + "\n" + Intermediate.ExportCertificatePem() + "\n";
        return CertificateBundle.From(CertificateChain.Parse(pem), key);
    }

    private static (X509Certificate2, X509Certificate2) CreateIssuers()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest("CN=Bundle Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-30), now.AddYears(5));
        var request = new CertificateRequest("CN=Bundle Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var intermediate = request.Create(root, now.AddDays(-30), now.AddYears(4), [7, 7, 7]);
        return (root, intermediate.CopyWithPrivateKey(intermediateKey));
    }
}
