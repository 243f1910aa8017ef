using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Acme.Certificates;

/// <summary>
/// Verifies one certificate's signature with another's public key, straight from the DER, without
/// building a trust chain (an intermediate is not a trust anchor, and we only want "did this key sign that").
/// </summary>
public static class CertificateSignature
{
    public static bool IsSignedBy(X509Certificate2 child, X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(child);
        ArgumentNullException.ThrowIfNull(issuer);
        try
        {
            var (tbs, algorithmOid, signature) = Split(child.RawData);
            return algorithmOid switch
            {
                "1.2.840.10045.4.3.2" => VerifyEc(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => VerifyEc(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => VerifyEc(issuer, tbs, signature, HashAlgorithmName.SHA512),
                "1.2.840.113549.1.1.11" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => VerifyRsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (Exception e) when (e is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    private static (byte[] Tbs, string AlgorithmOid, byte[] Signature) Split(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var certificate = reader.ReadSequence();
        var tbs = certificate.ReadEncodedValue().ToArray();
        var algorithm = certificate.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        var signature = certificate.ReadBitString(out _);
        return (tbs, oid, signature);
    }

    private static bool VerifyEc(X509Certificate2 issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetECDsaPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static bool VerifyRsa(X509Certificate2 issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.GetRSAPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1);
    }
}
