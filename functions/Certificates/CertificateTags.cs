using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Origin;

namespace LbAcme.Certificates;

/// <summary>
/// Tags stored with each certificate version so operators (and the next renewal) can read the facts
/// without the key: which LB, which fleet certificate (<see cref="Certificate"/>), which names, issuer, not-after, the ACME directory it came from (the sidecar refuses
/// another directory's certificate, the engine re-issues one), and the ACME URLs ARI's "replaces" needs.
/// Key Vault allows 15 tags of at most 256 characters; longer values are replaced by a hash (<see cref="StoreTagValue"/>).
/// </summary>
public static class CertificateTags
{
    public const string Lb = "lb";

    /// <summary>The fleet certificate a stored copy is of (<c>Fleet:Certificates</c> name; "default" for the <c>Fleet:Names</c> shorthand).</summary>
    public const string Certificate = "certificate";
    public const string Names = "names";
    public const string Issuer = "issuer";
    public const string NotAfter = "notAfter";
    public const string OrderUrl = "orderUrl";
    public const string CertificateUrl = "certUrl";
    public const string AriId = "ariId";
    public const string Directory = AcmeDirectoryTag.Name;
    public const int MaxValueLength = StoreTagValue.MaxLength;

    /// <summary>The tags of a certificate issued through <paramref name="directory"/>: every import names its directory.</summary>
    public static Dictionary<string, string> Create(string lb, X509Certificate2 leaf, Uri directory, Uri? orderUrl, Uri? certificateUrl, string? ariId, string? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(directory);
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        var tags = new Dictionary<string, string>
        {
            [Lb] = lb,
            [Names] = string.Join(',', names.Order(StringComparer.Ordinal)),
            [Issuer] = leaf.IssuerName.Name,
            [NotAfter] = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture),
            [Directory] = AcmeDirectoryTag.Value(directory),
        };
        if (orderUrl is not null)
        {
            tags[OrderUrl] = orderUrl.AbsoluteUri;
        }
        if (certificateUrl is not null)
        {
            tags[CertificateUrl] = certificateUrl.AbsoluteUri;
        }
        if (ariId is not null)
        {
            tags[AriId] = ariId;
        }
        if (certificate is not null)
        {
            tags[Certificate] = certificate;
        }
        return tags.ToDictionary(t => t.Key, t => StoreTagValue.Fit(t.Value));
    }
}
