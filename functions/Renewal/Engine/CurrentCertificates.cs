using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Ari;
using LbAcme.Certificates;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Core.Origin;
using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// Reads what the policy needs from a stored certificate: names, key type, validity, ARI id, and whether it came
/// from another ACME directory than <c>directory</c>, the one the engine orders from.
/// </summary>
internal static class CurrentCertificates
{
    public static CurrentCertificate From(StoredCertificateInfo info, Uri directory)
    {
        var leaf = info.Leaf;
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
        var ariId = info.Tags.TryGetValue(CertificateTags.AriId, out var tagged) && AriCertificateId.IsWellFormed(tagged) ? tagged : TryAriId(leaf);
        return new CurrentCertificate(names, KeyTypeOf(leaf), new DateTimeOffset(leaf.NotBefore.ToUniversalTime()), new DateTimeOffset(leaf.NotAfter.ToUniversalTime()), ariId,
            FromAnotherDirectory(info, directory));
    }

    /// <summary>
    /// The directory tag decides. An untagged certificate was imported by a function version that did not tag: it
    /// counts as the current directory's, because re-issuing every such certificate at once on upgrade would spend
    /// the name sets' first-issuance budget (5 per 7 days, shared by LBs with one name set) for nothing, and its next
    /// regular renewal tags it anyway. The one exception is certain without a tag: a Let's Encrypt issuer of the
    /// other environment than the directory's (a staging certificate for a production fleet, or the reverse).
    /// </summary>
    private static bool FromAnotherDirectory(StoredCertificateInfo info, Uri directory) =>
        AcmeDirectoryTag.Compare(info.Tags, directory) switch
        {
            DirectoryMatch.Other => true,
            DirectoryMatch.Same => false,
            _ => LetsEncrypt.EnvironmentOf(directory) is var wanted && wanted != AcmeEnvironment.Other
                && LetsEncrypt.EnvironmentOfIssuers([info.Leaf.Issuer]) is var issued && issued != AcmeEnvironment.Other && issued != wanted,
        };

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
