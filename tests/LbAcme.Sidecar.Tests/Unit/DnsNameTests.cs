using LbAcme.Core.Names;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The one canonical DNS name form the engine, the sidecar and the renderers share.</summary>
public sealed class DnsNameTests
{
    [Theory]
    [InlineData("svc.example.com", "svc.example.com")]
    [InlineData("Svc.Example.COM", "svc.example.com")]
    [InlineData("svc.example.com.", "svc.example.com")]
    [InlineData("  SVC.example.com.  ", "svc.example.com")]
    [InlineData("B\u00fccher.example", "xn--bcher-kva.example")]
    [InlineData("xn--bcher-kva.example", "xn--bcher-kva.example")]
    [InlineData("localhost", "localhost")]
    [InlineData("a-b.c0.example", "a-b.c0.example")]
    public void A_name_has_one_canonical_form(string raw, string canonical)
    {
        Assert.True(DnsName.TryNormalize(raw, out var found, out var problem), problem);
        Assert.Equal(canonical, found);
    }

    [Theory]
    [InlineData("*.example.com", "is a wildcard; HTTP-01 cannot prove")]
    [InlineData("a.*.example.com", "is a wildcard")]
    [InlineData("192.0.2.1", "is an IP address")]
    [InlineData("2001:db8::1", "is an IP address")]
    [InlineData("", "is empty")]
    [InlineData(".", "is empty")]
    [InlineData("a..b", "has the label ''")]
    [InlineData("-a.example", "has the label '-a'")]
    [InlineData("a_b.example", "has the label 'a_b'")]
    [InlineData("svc.example.com..", "has the label ''")]
    public void What_is_not_a_provable_host_name_is_refused_with_the_reason(string raw, string reason)
    {
        Assert.False(DnsName.TryNormalize(raw, out var canonical, out var problem));
        Assert.Equal("", canonical);
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_over_63_characters_is_refused()
    {
        Assert.True(DnsName.IsValid(new string('a', 63) + ".example"));
        Assert.False(DnsName.TryNormalize(new string('a', 64) + ".example", out _, out var problem));
        Assert.Equal("has a label of 64 characters; at most 63 are allowed", problem);
    }

    [Fact]
    public void A_name_over_253_characters_is_refused()
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 255 characters
        Assert.False(DnsName.TryNormalize(name, out _, out var problem));
        Assert.Equal("is 255 characters; a DNS name has at most 253", problem);
    }

    [Fact]
    public void A_name_that_is_not_valid_idn_is_refused()
    {
        Assert.False(DnsName.TryNormalize("b\u00fccher_x.example", out _, out var problem));
        Assert.Equal("is not a valid internationalized domain name", problem);
    }
}
