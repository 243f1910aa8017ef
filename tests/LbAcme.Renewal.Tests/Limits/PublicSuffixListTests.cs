using LbAcme.Renewal.Limits;

namespace LbAcme.Renewal.Tests.Limits;

/// <summary>
/// The registered domain from Debian's Public Suffix List (the `publicsuffix` package), checked with cases from the
/// list's own test vectors (publicsuffix.org's test_psl.txt): normal, wildcard and exception rules, the private
/// section, punycode, and the default rule.
/// </summary>
public sealed class PublicSuffixListTests
{
    private static readonly PublicSuffixList List = PublicSuffixListFile.Default;

    [Theory]
    [InlineData("example.COM", "example.com")]
    [InlineData("a.b.example.com", "example.com")]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("new.blog.example.co.uk", "example.co.uk")]
    [InlineData("*.svc.example.co.uk", "example.co.uk")]
    [InlineData("www.ck", "www.ck")] // !www.ck: an exception to *.ck
    [InlineData("www.www.ck", "www.ck")]
    [InlineData("www.something.ck", "www.something.ck")] // *.ck: something.ck is a public suffix
    [InlineData("b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("a.b.c.kobe.jp", "b.c.kobe.jp")]
    [InlineData("city.kobe.jp", "city.kobe.jp")] // !city.kobe.jp
    [InlineData("www.city.kobe.jp", "city.kobe.jp")]
    [InlineData("foo.github.io", "foo.github.io")] // PRIVATE section: github.io is a public suffix
    [InlineData("a.b.github.io", "b.github.io")]
    [InlineData("食狮.com.cn", "xn--85x722f.com.cn")]
    [InlineData("xn--85x722f.com.cn", "xn--85x722f.com.cn")]
    [InlineData("www.xn--85x722f.xn--55qx5d.cn", "xn--85x722f.xn--55qx5d.cn")] // 公司.cn, a Unicode rule
    [InlineData("shishi.公司.cn", "shishi.xn--55qx5d.cn")]
    [InlineData("a.b.example.unlisted-tld", "example.unlisted-tld")] // default rule "*"
    [InlineData("svc.example.com.", "example.com")]
    public void A_name_has_the_registered_domain_the_list_says(string name, string registered) =>
        Assert.Equal(registered, List.RegisteredDomain(name));

    [Theory]
    [InlineData("com")]
    [InlineData("co.uk")]
    [InlineData("c.kobe.jp")] // matched by *.kobe.jp
    [InlineData("github.io")]
    [InlineData("unlisted-tld")]
    public void A_public_suffix_itself_has_no_registered_domain(string name) => Assert.Null(List.RegisteredDomain(name));

    [Fact]
    public void The_whole_list_is_read_including_the_private_section()
    {
        Assert.True(List.RuleCount > 5000, $"{List.RuleCount} rules");
        Assert.Equal("github.io", List.PublicSuffix("x.github.io"));
    }

    [Fact]
    public void A_small_list_follows_the_algorithm_exceptions_before_the_longest_rule()
    {
        var list = PublicSuffixList.Parse(new StringReader("""
            // a comment
            uk
            co.uk   trailing text is ignored
            *.sch.uk
            !special.sch.uk
            """));

        Assert.Equal(4, list.RuleCount);
        Assert.Equal("a.co.uk", list.RegisteredDomain("x.a.co.uk"));
        Assert.Equal("a.b.sch.uk", list.RegisteredDomain("x.a.b.sch.uk"));
        Assert.Equal("special.sch.uk", list.RegisteredDomain("www.special.sch.uk"));
        Assert.Null(list.RegisteredDomain("b.sch.uk"));
        Assert.Equal("example.org", list.RegisteredDomain("www.example.org"));
    }

    [Fact]
    public void A_missing_list_is_an_error_that_says_what_to_install()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-psl-{Guid.NewGuid():N}", "public_suffix_list.dat");

        var error = Assert.Throws<FileNotFoundException>(() => PublicSuffixListFile.Load([missing]));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install publicsuffix", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_far_larger_than_a_suffix_list_is_refused()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
            {
                file.SetLength(PublicSuffixList.MaxBytes + 1);
            }
            Assert.Throws<InvalidDataException>(() => PublicSuffixListFile.Load([path]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void No_name_is_cut_to_its_last_two_labels()
    {
        // The counter-examples to "last two labels": a three-label registered domain and a two-label public suffix.
        Assert.Equal("example.co.uk", List.RegisteredDomain("svc.example.co.uk"));
        Assert.NotEqual("co.uk", List.RegisteredDomain("example.co.uk"));
    }
}
