using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>What an attacker with write access to the store can make without any CA: a self-signed leaf for the right names.</summary>
internal static class SelfSignedBundle
{
    public static (string Serial, string Bundle) Create(string subject, IReadOnlyList<string> names, DateTimeOffset notBefore)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(notBefore, notBefore.AddDays(90));
        return (certificate.SerialNumber, $"{certificate.ExportCertificatePem()}\n{key.ExportPkcs8PrivateKeyPem()}\n");
    }
}
