using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Jose;

namespace LbAcme.Acme.Ari;

/// <summary>
/// RFC 9773 §4.1 CertID: base64url(Authority Key Identifier keyIdentifier) "." base64url(serial DER content).
/// The same string names the certificate in renewalInfo URLs and in an order's "replaces".
/// </summary>
public static class AriCertificateId
{
    public static string Compute(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var aki = certificate.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier
            ?? throw new ArgumentException("The certificate has no Authority Key Identifier with a keyIdentifier; ARI cannot name it.", nameof(certificate));
        // SerialNumberBytes is big-endian as encoded, keeping the leading zero that makes it positive.
        return Compute(aki.Span, certificate.SerialNumberBytes.Span);
    }

    public static string Compute(ReadOnlySpan<byte> authorityKeyIdentifier, ReadOnlySpan<byte> serialDerContent) =>
        Base64Url.Encode(authorityKeyIdentifier) + "." + Base64Url.Encode(serialDerContent);

    /// <summary>True for a string of the CertID shape, so a caller can reject junk before putting it in a URL.</summary>
    public static bool IsWellFormed(string? certId)
    {
        if (certId is null)
        {
            return false;
        }
        var dot = certId.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Base64Url.IsValid(certId.AsSpan(0, dot)) && Base64Url.IsValid(certId.AsSpan(dot + 1));
    }
}
