using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Certificates;

namespace LbAcme.Sidecar.Certificates;

/// <summary>
/// The leaf HAProxy serves (or will at its next start), as far as deciding "is the store's one newer" and the
/// served-certificate metrics need.
/// </summary>
internal sealed record DeployedCertificate(string Serial, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Sha256, bool IsSelfSigned, string Issuer)
{
    public static DeployedCertificate From(X509Certificate2 leaf) => new(
        leaf.SerialNumber,
        Utc(leaf.NotBefore),
        Utc(leaf.NotAfter),
        Convert.ToHexString(SHA256.HashData(leaf.RawData)),
        leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData),
        leaf.Issuer);

    /// <summary>What the PEM file on disk holds; null when it is missing or not a usable bundle (then nothing counts as deployed).</summary>
    public static DeployedCertificate? TryRead(string? pem)
    {
        if (pem is null)
        {
            return null;
        }
        try
        {
            using var bundle = CertificateBundle.Parse(pem);
            return From(bundle.Leaf);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    public static DateTimeOffset Utc(DateTime time) => new(time.ToUniversalTime());
}
