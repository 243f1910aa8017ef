using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Certificates;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// A self-signed certificate for the service names, so HAProxy can start before the first real certificate
/// exists (HAProxy refuses to start when a <c>crt</c> file is missing; the reference design hit exactly this).
/// Being self-signed, it always counts as older than anything from the store.
/// </summary>
internal static class BootstrapCertificate
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    public static CertificateBundle Create(IReadOnlyList<string> names, DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}, O=lb-acme bootstrap (self-signed)", ecdsa, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Lifetime);
        var chain = CertificateChain.Parse(certificate.ExportCertificatePem() + "\n");
        var key = AcmeKey.FromPem(ecdsa.ExportPkcs8PrivateKeyPem());
        return CertificateBundle.From(chain, key);
    }
}
