using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LbAcme.Testing;

/// <summary>A leaf certificate as PEM pieces, so tests can assemble good bundles and every kind of bad one.</summary>
public sealed record IssuedPem(string Serial, string LeafPem, string IntermediatePem, string KeyPem)
{
    /// <summary>Leaf, intermediate, key: what the renewal engine stores and HAProxy loads.</summary>
    public string Bundle => $"{LeafPem}\n{IntermediatePem}\n{KeyPem}\n";
}

/// <summary>
/// An in-process root and intermediate issuing leaf certificates with chosen names and validity, like a
/// small Let's Encrypt (leaf signed by the intermediate, the bundle carries the intermediate). No openssl needed.
/// </summary>
public sealed class TestCertificateIssuer : IDisposable
{
    private readonly ECDsa _intermediateKey;

    public TestCertificateIssuer(string name = "lb-acme test issuer")
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var rootRequest = new CertificateRequest($"CN={name} Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        Root = rootRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
        var request = new CertificateRequest($"CN={name} Intermediate", _intermediateKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Intermediate = request.Create(Root, now.AddYears(-1), now.AddYears(4), RandomSerial());
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    /// <summary>A leaf for <paramref name="names"/> (EC P-256), valid from <paramref name="notBefore"/> (default 5 minutes ago) for <paramref name="lifetime"/> (default 90 days).</summary>
    public IssuedPem Issue(IReadOnlyList<string> names, DateTimeOffset? notBefore = null, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var start = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5);
        using var leaf = request.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey),
            start, start + (lifetime ?? TimeSpan.FromDays(90)), RandomSerial());
        return new IssuedPem(leaf.SerialNumber, leaf.ExportCertificatePem(), Intermediate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7f) | 0x01); // positive, and no leading zero byte to trim
        return serial;
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _intermediateKey.Dispose();
    }
}
