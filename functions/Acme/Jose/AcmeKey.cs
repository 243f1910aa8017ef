using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Jose;

/// <summary>
/// A private key that signs JWS for ACME (account key, or a certificate key when revoking with it)
/// and builds CSRs. EC keys sign ES256/ES384; RSA keys sign RS256.
/// </summary>
public abstract class AcmeKey : IDisposable
{
    /// <summary>The JWS "alg" value.</summary>
    public abstract string Algorithm { get; }

    public abstract KeyType KeyType { get; }

    /// <summary>The public JWK members in the lexicographic order RFC 7638 requires for thumbprints.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, string>> PublicJwk { get; }

    public abstract byte[] Sign(ReadOnlySpan<byte> data);

    public abstract string ExportPkcs8Pem();

    /// <summary>The DER SubjectPublicKeyInfo, to match a certificate against this key.</summary>
    public abstract byte[] ExportSubjectPublicKeyInfo();

    /// <summary>Builds a DER CSR naming <paramref name="dnsNames"/> (first name also as CN), signed by this key.</summary>
    public abstract byte[] CreateCsr(IReadOnlyList<string> dnsNames);

    /// <summary>Pairs a certificate with this key, for PFX export or a TLS server.</summary>
    public abstract X509Certificate2 AttachTo(X509Certificate2 certificate);

    public abstract void Dispose();

    /// <summary>The public JWK as compact JSON with members in RFC 7638 order.</summary>
    public string PublicJwkJson()
    {
        var sb = new StringBuilder("{");
        foreach (var (name, value) in PublicJwk)
        {
            if (sb.Length > 1)
            {
                sb.Append(',');
            }
            sb.Append('"').Append(name).Append("\":\"").Append(value).Append('"');
        }
        return sb.Append('}').ToString();
    }

    /// <summary>RFC 7638 JWK thumbprint (SHA-256, base64url).</summary>
    public string Thumbprint() => JwkThumbprint.Compute(PublicJwk);

    public static AcmeKey Create(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => new EcAcmeKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        KeyType.EcP384 => new EcAcmeKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)),
        KeyType.Rsa2048 => new RsaAcmeKey(RSA.Create(2048)),
        KeyType.Rsa3072 => new RsaAcmeKey(RSA.Create(3072)),
        KeyType.Rsa4096 => new RsaAcmeKey(RSA.Create(4096)),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    /// <summary>Loads a PKCS#8 (or SEC1 / PKCS#1) PEM private key; a clear error for anything else.</summary>
    public static AcmeKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("RSA PRIVATE KEY", StringComparison.Ordinal) || IsPkcs8Rsa(pem))
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaAcmeKey(rsa);
        }
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new EcAcmeKey(ec);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new FormatException("The PEM text holds no EC or RSA private key.", e);
        }
    }

    private static bool IsPkcs8Rsa(string pem)
    {
        try
        {
            using var probe = RSA.Create();
            probe.ImportFromPem(pem);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }
}
