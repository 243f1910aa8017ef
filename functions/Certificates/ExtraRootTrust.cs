using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Certificates;

/// <summary>
/// TLS server validation that accepts what the system trusts plus chains ending in one extra root (a private
/// CA, or a local Pebble / Key Vault double). The host name must still match; revocation is not checked.
/// </summary>
public static class ExtraRootTrust
{
    public static RemoteCertificateValidationCallback For(X509Certificate2 root) =>
        (_, certificate, _, errors) => Trusts(root, certificate, errors);

    public static bool Trusts(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
