using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;
using LbAcme.Acme.Jose;

namespace LbAcme.Certificates;

/// <summary>
/// A certificate with its private key and chain, as one PEM text (leaf, intermediates, PKCS#8 key) —
/// what Key Vault imports and what HAProxy loads. Parsing accepts the blocks in any order (Key Vault
/// returns the key first) and refuses a key that does not belong to the leaf.
/// </summary>
public sealed class CertificateBundle : IDisposable
{
    private CertificateBundle(CertificateChain chain, AcmeKey key)
    {
        Chain = chain;
        Key = key;
    }

    public CertificateChain Chain { get; }

    public AcmeKey Key { get; }

    public X509Certificate2 Leaf => Chain.Leaf;

    /// <summary>Leaf, intermediates, then the key: the order HAProxy and acmetool's "haproxy" file use.</summary>
    public string ToPem() => Chain.Pem + Key.ExportPkcs8Pem() + "\n";

    public static CertificateBundle From(CertificateChain chain, AcmeKey key)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(key);
        EnsureKeyMatches(chain.Leaf, key);
        return new CertificateBundle(chain, key);
    }

    /// <summary>Parses a PEM bundle; a <see cref="FormatException"/> says what is wrong with it.</summary>
    public static CertificateBundle Parse(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var keyBlock = FindKeyBlock(pem) ?? throw new FormatException("The bundle holds no private key.");
        var chain = CertificateChain.Parse(OrderCertificatesLeafFirst(pem));
        AcmeKey key;
        try
        {
            key = AcmeKey.FromPem(keyBlock);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or NotSupportedException)
        {
            chain.Dispose();
            throw new FormatException($"The bundle's private key is unusable: {e.Message}", e);
        }
        try
        {
            EnsureKeyMatches(chain.Leaf, key);
        }
        catch
        {
            chain.Dispose();
            key.Dispose();
            throw;
        }
        return new CertificateBundle(chain, key);
    }

    private static void EnsureKeyMatches(X509Certificate2 leaf, AcmeKey key)
    {
        if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new FormatException($"The private key does not belong to the certificate {leaf.Subject} (serial {leaf.SerialNumber}).");
        }
    }

    private static string? FindKeyBlock(string pem)
    {
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return rest[fields.Location].ToString();
            }
            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
        }
        return null;
    }

    /// <summary>
    /// Key Vault may return certificates issuer-first; CertificateChain wants the leaf first. The leaf is
    /// the one certificate that issued no other in the text.
    /// </summary>
    private static string OrderCertificatesLeafFirst(string pem)
    {
        var blocks = new List<(string Text, X500DistinguishedName Subject, X500DistinguishedName Issuer)>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                var text = rest[fields.Location].ToString();
                try
                {
                    using var cert = X509Certificate2.CreateFromPem(text);
                    blocks.Add((text, cert.SubjectName, cert.IssuerName));
                }
                catch (CryptographicException)
                {
                    return pem; // let CertificateChain report the broken block
                }
            }
            rest = rest[fields.Location.End.GetOffset(rest.Length)..];
        }
        if (rest.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
        {
            return pem; // truncated: CertificateChain says so
        }
        var ordered = new List<string>();
        var current = blocks.FirstOrDefault(b => !blocks.Any(o => o.Issuer.RawData.AsSpan().SequenceEqual(b.Subject.RawData) && o.Text != b.Text));
        while (current.Text is not null && ordered.Count < blocks.Count)
        {
            ordered.Add(current.Text);
            var issuer = current.Issuer;
            current = blocks.FirstOrDefault(b => !ordered.Contains(b.Text) && b.Subject.RawData.AsSpan().SequenceEqual(issuer.RawData));
        }
        // Anything that did not link stays after, so CertificateChain names the break.
        ordered.AddRange(blocks.Select(b => b.Text).Where(t => !ordered.Contains(t)));
        return string.Join("\n", ordered) + "\n";
    }

    public void Dispose()
    {
        Chain.Dispose();
        Key.Dispose();
    }
}
