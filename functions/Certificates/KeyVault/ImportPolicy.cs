using System.Security.Cryptography.X509Certificates;
using Azure.Security.KeyVault.Certificates;
using LbAcme.Core.Keys;

namespace LbAcme.Certificates.KeyVault;

/// <summary>
/// The policy sent with an import: PEM content, exportable (the LB reads it back as a secret), a fresh key at every
/// version, the key's type, and who the certificate is for. Let's Encrypt's "tlsserver" and "shortlived" profiles
/// issue certificates with no Common Name (SAN only), and the SDK refuses a policy with an empty subject, so such a
/// certificate is described by its DNS SANs instead.
/// </summary>
internal static class ImportPolicy
{
    public static CertificatePolicy For(X509Certificate2 leaf, KeyType keyType)
    {
        var subject = leaf.SubjectName.Name;
        var policy = string.IsNullOrEmpty(subject)
            ? new CertificatePolicy(WellKnownIssuerNames.Unknown, DnsNames(leaf))
            : new CertificatePolicy(WellKnownIssuerNames.Unknown, subject);
        policy.ContentType = CertificateContentType.Pem;
        policy.Exportable = true;
        policy.ReuseKey = false;
        SetKeyProperties(policy, keyType);
        return policy;
    }

    private static SubjectAlternativeNames DnsNames(X509Certificate2 leaf)
    {
        var names = new SubjectAlternativeNames();
        foreach (var name in leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()))
        {
            names.DnsNames.Add(name);
        }
        return names;
    }

    private static void SetKeyProperties(CertificatePolicy policy, KeyType keyType)
    {
        switch (keyType)
        {
            case KeyType.EcP256:
                (policy.KeyType, policy.KeyCurveName) = (CertificateKeyType.Ec, CertificateKeyCurveName.P256);
                break;
            case KeyType.EcP384:
                (policy.KeyType, policy.KeyCurveName) = (CertificateKeyType.Ec, CertificateKeyCurveName.P384);
                break;
            default:
                policy.KeyType = CertificateKeyType.Rsa;
                policy.KeySize = keyType switch { KeyType.Rsa2048 => 2048, KeyType.Rsa3072 => 3072, _ => 4096 };
                break;
        }
    }
}
