using LbAcme.Sidecar.Http;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class HostHeaderTests
{
    [Theory]
    [InlineData("svc.example.com", "svc.example.com")]
    [InlineData("SVC.Example.COM:8080", "svc.example.com")]
    [InlineData("svc.example.com.", "svc.example.com")]
    [InlineData("B\u00fccher.example", "xn--bcher-kva.example")]
    [InlineData("localhost", "localhost")]
    [InlineData("192.0.2.7:80", "192.0.2.7")]
    [InlineData("[2001:db8::1]", "[2001:db8::1]")]
    [InlineData("[2001:DB8::1]:80", "[2001:db8::1]")]
    public void Host_names_and_addresses_with_an_optional_port_are_accepted_without_the_port(string header, string host)
    {
        Assert.True(HostHeader.TryGetRedirectHost(header, out var found));
        Assert.Equal(host, found);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("evil.example/path")]
    [InlineData("user@evil.example")]
    [InlineData("evil.example:80:80")]
    [InlineData("evil.example:")]
    [InlineData("evil.example:99999")]
    [InlineData("evil.example:+80")]
    [InlineData("evil.example\r\nSet-Cookie: x=y")]
    [InlineData("evil example")]
    [InlineData("-evil.example")]
    [InlineData("evil_.example")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData("[192.0.2.1]")]
    [InlineData("[fe80::1%eth0]")]
    [InlineData("2001:db8::1")]
    [InlineData("*.example.com")]
    public void Anything_that_could_bend_the_redirect_is_refused(string? header) =>
        Assert.False(HostHeader.TryGetRedirectHost(header, out _));

    [Fact]
    public void Overlong_hosts_are_refused() =>
        Assert.False(HostHeader.TryGetRedirectHost(string.Join('.', Enumerable.Repeat(new string('a', 60), 5)), out _));
}
