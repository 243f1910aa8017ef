using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;

namespace LbAcme.Certificates.Tests;

/// <summary>The PEM bundle is checked on the way in: key belongs to the leaf, chain links, any block order.</summary>
public sealed class CertificateBundleTests
{
    [Fact]
    public void A_bundle_round_trips_through_PEM()
    {
        using var bundle = TestBundles.Issue(["svc.example.com"]);

        using var back = CertificateBundle.Parse(bundle.ToPem());

        Assert.Equal(bundle.Leaf.RawData, back.Leaf.RawData);
        Assert.Equal(bundle.Key.Thumbprint(), back.Key.Thumbprint());
        Assert.Equal(2, back.Chain.Certificates.Count);
    }

    [Fact]
    public void Key_first_and_issuer_first_order_as_Key_Vault_returns_it_is_accepted()
    {
        using var bundle = TestBundles.Issue(["svc.example.com"], KeyType.Rsa2048);
        var reordered = bundle.Key.ExportPkcs8Pem() + "\n" + bundle.Chain.Certificates[1].ExportCertificatePem() + "\n" + bundle.Leaf.ExportCertificatePem();

        using var back = CertificateBundle.Parse(reordered);

        Assert.Equal(bundle.Leaf.RawData, back.Leaf.RawData);
    }

    [Fact]
    public void A_key_of_another_certificate_is_refused()
    {
        using var one = TestBundles.Issue(["a.example.com"]);
        using var other = TestBundles.Issue(["a.example.com"]);

        var error = Assert.Throws<FormatException>(() => CertificateBundle.Parse(one.Chain.Pem + other.Key.ExportPkcs8Pem()));

        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not pem")]
    public void Text_without_a_key_is_refused(string text)
    {
        var error = Assert.Throws<FormatException>(() => CertificateBundle.Parse(text));

        Assert.Contains("no private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_bundle_is_refused()
    {
        using var bundle = TestBundles.Issue(["svc.example.com"]);
        var pem = bundle.ToPem();

        Assert.Throws<FormatException>(() => CertificateBundle.Parse(pem[..(pem.Length / 2)] + bundle.Key.ExportPkcs8Pem()));
    }

    [Fact]
    public void Tags_name_the_lb_names_and_issuer_and_hash_what_is_too_long()
    {
        var many = Enumerable.Range(0, 20).Select(i => $"name{i:00}.a-rather-long-service-domain.example.com").ToArray();
        using var bundle = TestBundles.Issue(many);

        var tags = CertificateTags.Create("lb0", bundle.Leaf, new Uri("https://ca.test/directory"), new Uri("https://ca.test/order/1"), new Uri("https://ca.test/cert/1"), "AAAA.BBBB");

        Assert.Equal("lb0", tags[CertificateTags.Lb]);
        Assert.StartsWith("sha256:", tags[CertificateTags.Names], StringComparison.Ordinal);
        Assert.All(tags.Values, v => Assert.True(v.Length <= CertificateTags.MaxValueLength));
        Assert.Equal("CN=Bundle Test Intermediate", tags[CertificateTags.Issuer]);
        Assert.Equal("https://ca.test/cert/1", tags[CertificateTags.CertificateUrl]);
    }

    [Theory]
    [InlineData("lb_0")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Names_Key_Vault_would_refuse_are_refused_here_too(string lb) =>
        Assert.Throws<ArgumentException>(() => CertificateName.Validate(FleetCertificates.StoreName("svc", FleetCertificates.DefaultName, lb)));
}
