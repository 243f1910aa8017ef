using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Acme.Certificates;

/// <summary>
/// A PEM chain as the CA sent it (leaf first), checked on the way in: every block decodes, and each
/// certificate is issued by the next. Anything else is a <see cref="FormatException"/> with the reason.
/// </summary>
public sealed class CertificateChain : IDisposable
{
    private CertificateChain(string pem, IReadOnlyList<X509Certificate2> certificates)
    {
        Pem = pem;
        Certificates = certificates;
    }

    /// <summary>The chain re-encoded as clean PEM blocks, leaf first.</summary>
    public string Pem { get; }

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    public X509Certificate2 Leaf => Certificates[0];

    public IEnumerable<X509Certificate2> Intermediates => Certificates.Skip(1);

    public static CertificateChain Parse(string pemText)
    {
        ArgumentNullException.ThrowIfNull(pemText);
        var certificates = new List<X509Certificate2>();
        try
        {
            var rest = pemText.AsSpan();
            while (PemEncoding.TryFind(rest, out var fields))
            {
                var label = rest[fields.Label];
                if (label.SequenceEqual("CERTIFICATE"))
                {
                    var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                rest = rest[fields.Location.End.GetOffset(rest.Length)..];
            }
            if (rest.IndexOf("-----BEGIN", StringComparison.Ordinal) >= 0)
            {
                throw new FormatException("The PEM text ends in a truncated block (BEGIN without a matching END).");
            }
            if (certificates.Count == 0)
            {
                throw new FormatException("The PEM text holds no CERTIFICATE block.");
            }
            CheckLinks(certificates);
            var pem = string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));
            return new CertificateChain(pem, certificates);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            foreach (var c in certificates)
            {
                c.Dispose();
            }
            throw e as FormatException ?? new FormatException($"A CERTIFICATE block does not decode: {e.Message}", e);
        }
    }

    private static void CheckLinks(List<X509Certificate2> chain)
    {
        for (var i = 0; i + 1 < chain.Count; i++)
        {
            var child = chain[i];
            var issuer = chain[i + 1];
            if (!child.IssuerName.RawData.AsSpan().SequenceEqual(issuer.SubjectName.RawData))
            {
                throw new FormatException(
                    $"The chain is out of order or incomplete: certificate {i} ({child.Subject}) is issued by '{child.Issuer}', but the next is '{issuer.Subject}'.");
            }
            if (!CertificateSignature.IsSignedBy(child, issuer))
            {
                throw new FormatException($"Certificate {i} ({child.Subject}) is not signed by the next certificate's key.");
            }
        }
    }

    public void Dispose()
    {
        foreach (var c in Certificates)
        {
            c.Dispose();
        }
    }
}
