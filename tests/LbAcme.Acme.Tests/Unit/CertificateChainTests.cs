using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Acme.Certificates;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>A chain is accepted only when every block decodes and each certificate is signed by the next.</summary>
public sealed class CertificateChainTests
{
    [Fact]
    public void A_leaf_intermediate_root_chain_parses_in_order()
    {
        var (root, intermediate, leaf) = MakeChain();

        using var chain = CertificateChain.Parse(Pem(leaf, intermediate, root));

        Assert.Equal(3, chain.Certificates.Count);
        Assert.Equal(leaf.RawData, chain.Leaf.RawData);
        Assert.Equal([intermediate.RawData, root.RawData], chain.Intermediates.Select(c => c.RawData));
    }

    [Fact]
    public void A_chain_in_the_wrong_order_is_refused_naming_the_break()
    {
        var (root, intermediate, leaf) = MakeChain();

        var error = Assert.Throws<FormatException>(() => CertificateChain.Parse(Pem(intermediate, leaf, root)));

        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_next_certificate_with_the_right_name_but_another_key_is_refused()
    {
        var (_, intermediate, leaf) = MakeChain();
        var (_, impostor, _) = MakeChain(); // same subject names, different keys

        var error = Assert.Throws<FormatException>(() => CertificateChain.Parse(Pem(leaf, impostor)));

        Assert.Contains("not signed", error.Message, StringComparison.Ordinal);
        Assert.True(CertificateSignature.IsSignedBy(leaf, intermediate));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage, not PEM at all")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void Text_without_a_certificate_is_refused(string text)
    {
        var error = Assert.Throws<FormatException>(() => CertificateChain.Parse(text));

        Assert.Contains("no CERTIFICATE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_block_with_junk_inside_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => CertificateChain.Parse("-----BEGIN CERTIFICATE-----\nQUJDRA==\n-----END CERTIFICATE-----\n"));

        Assert.Contains("does not decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_cut_off_mid_block_is_called_truncated()
    {
        var (root, intermediate, leaf) = MakeChain();
        var pem = Pem(leaf, intermediate, root);

        var error = Assert.Throws<FormatException>(() => CertificateChain.Parse(pem[..(pem.Length - 100)]));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    internal static string Pem(params X509Certificate2[] certificates) =>
        string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n"));

    internal static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf) MakeChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;

        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        var intermediateRequest = new CertificateRequest("CN=Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddMonths(6), [1, 2, 3]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafRequest = new CertificateRequest("CN=svc.example.com", leafKey, HashAlgorithmName.SHA256);
        var leaf = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(90), [4, 5, 6]);
        return (root, intermediate, leaf);
    }
}
