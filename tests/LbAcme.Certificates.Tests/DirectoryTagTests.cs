using LbAcme.Core.Origin;

namespace LbAcme.Certificates.Tests;

/// <summary>The directory tag every import carries, and the one canonical form both processes compare it in.</summary>
public sealed class DirectoryTagTests
{
    [Theory]
    [InlineData("https://acme-v02.api.letsencrypt.org/directory", "https://acme-v02.api.letsencrypt.org/directory")]
    [InlineData("https://ACME-v02.API.letsencrypt.org/directory/", "https://acme-v02.api.letsencrypt.org/directory")]
    [InlineData("HTTPS://ca.example:443/dir", "https://ca.example/dir")]
    [InlineData("https://127.0.0.1:14000/dir?x=1#y", "https://127.0.0.1:14000/dir")]
    [InlineData("https://ca.example/Dir", "https://ca.example/Dir")]
    public void A_directory_has_one_canonical_form(string spelled, string canonical) =>
        Assert.Equal(canonical, AcmeDirectoryTag.Canonical(new Uri(spelled)));

    [Fact]
    public void Tags_compare_by_the_canonical_form_and_an_absent_tag_is_untagged()
    {
        var fleet = new Uri("https://ca.example/directory");
        var upper = new Dictionary<string, string>(StringComparer.Ordinal) { ["ACMEDIRECTORY"] = "https://CA.example/directory/" };

        Assert.Equal(DirectoryMatch.Same, AcmeDirectoryTag.Compare(upper, fleet));
        Assert.Equal(DirectoryMatch.Other, AcmeDirectoryTag.Compare(new Dictionary<string, string> { [AcmeDirectoryTag.Name] = "https://ca.example/other" }, fleet));
        Assert.Equal(DirectoryMatch.Other, AcmeDirectoryTag.Compare(new Dictionary<string, string> { [AcmeDirectoryTag.Name] = "https://ca.example:8443/directory" }, fleet));
        Assert.Equal(DirectoryMatch.Untagged, AcmeDirectoryTag.Compare(new Dictionary<string, string> { ["lb"] = "lb0" }, fleet));
    }

    [Fact]
    public void A_directory_too_long_for_a_tag_is_stored_and_compared_as_its_hash()
    {
        var fleet = new Uri("https://ca.example/" + new string('d', 300));
        using var bundle = TestBundles.Issue(["svc.example.com"]);

        var tags = CertificateTags.Create("lb0", bundle.Leaf, fleet, null, null, null);

        Assert.StartsWith("sha256:", tags[CertificateTags.Directory], StringComparison.Ordinal);
        Assert.Equal(DirectoryMatch.Same, AcmeDirectoryTag.Compare(tags, fleet));
        Assert.Equal(DirectoryMatch.Other, AcmeDirectoryTag.Compare(tags, new Uri("https://ca.example/" + new string('e', 300))));
    }
}
