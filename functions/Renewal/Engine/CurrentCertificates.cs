using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Ari;
using LbAcme.Certificates;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Engine;

/// <summary>Reads what the policy needs from a stored certificate: names, key type, validity, ARI id.</summary>
internal static class CurrentCertificates
{
    public static CurrentCertificate From(StoredCertificateInfo info)
    {
        var leaf = info.Leaf;
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        var ariId = info.Tags.TryGetValue(CertificateTags.AriId, out var tagged) && AriCertificateId.IsWellFormed(tagged) ? tagged : TryAriId(leaf);
        return new CurrentCertificate(names, KeyTypeOf(leaf), new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), ariId);
    }

    public static KeyType KeyTypeOf(X509Certificate2 leaf)
    {
        using var ec = leaf.GetECDsaPublicKey();
        if (ec is not null)
        {
            return ec.KeySize == 384 ? KeyType.EcP384 : KeyType.EcP256;
        }
        using var rsa = leaf.GetRSAPublicKey();
        return rsa?.KeySize switch
        {
            3072 => KeyType.Rsa3072,
            4096 => KeyType.Rsa4096,
            _ => KeyType.Rsa2048,
        };
    }

    private static string? TryAriId(X509Certificate2 leaf)
    {
        try
        {
            return AriCertificateId.Compute(leaf);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
