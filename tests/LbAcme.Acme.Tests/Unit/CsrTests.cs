using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Jose;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>CSRs name every identifier as a SAN, are signed by the fresh key, and refuse nonsense.</summary>
public sealed class CsrTests
{
    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    [InlineData(KeyType.Rsa4096)]
    public void The_csr_is_self_signed_by_the_key_and_lists_every_name(KeyType keyType)
    {
        using var key = AcmeKey.Create(keyType);

        var csr = CertificateRequest.LoadSigningRequest(key.CreateCsr(["Svc.Example.COM", "lb0.svc.example.com."]), HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions, RSASignaturePadding.Pkcs1);

        // Loading checks the CSR's signature; extension requests load only when asked, and untyped.
        var san = new X509SubjectAlternativeNameExtension(csr.CertificateExtensions.Single(e => e.Oid?.Value == "2.5.29.17").RawData);
        Assert.Equal(["svc.example.com", "lb0.svc.example.com"], san.EnumerateDnsNames());
        Assert.Equal("CN=svc.example.com", csr.SubjectName.Name);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), csr.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void An_empty_name_list_is_refused()
    {
        using var key = AcmeKey.Create(KeyType.EcP256);

        Assert.Throws<ArgumentException>(() => key.CreateCsr([]));
    }
}
