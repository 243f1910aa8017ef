using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace LbAcme.Certificates;

/// <summary>
/// Tags stored with each certificate version so operators (and the next renewal) can read the facts
/// without the key: which LB, which names, issuer, not-after, and the ACME URLs ARI's "replaces" needs.
/// Key Vault allows 15 tags of at most 256 characters; longer values are replaced by a hash.
/// </summary>
public static class CertificateTags
{
    public const string Lb = "lb";
    public const string Names = "names";
    public const string Issuer = "issuer";
    public const string NotAfter = "notAfter";
    public const string OrderUrl = "orderUrl";
    public const string CertificateUrl = "certUrl";
    public const string AriId = "ariId";
    public const int MaxValueLength = 256;

    public static Dictionary<string, string> Create(string lb, X509Certificate2 leaf, Uri? orderUrl, Uri? certificateUrl, string? ariId)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var names = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
        var tags = new Dictionary<string, string>
        {
            [Lb] = lb,
            [Names] = string.Join(',', names.Order(StringComparer.Ordinal)),
            [Issuer] = leaf.IssuerName.Name,
            [NotAfter] = new DateTimeOffset(leaf.NotAfter.ToUniversalTime()).ToString("O", CultureInfo.InvariantCulture),
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
        return tags.ToDictionary(t => t.Key, t => Fit(t.Value));
    }

    private static string Fit(string value) =>
        value.Length <= MaxValueLength ? value : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
