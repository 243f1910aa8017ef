using System.Net;
using LbAcme.Sidecar.Peers;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>What the per-source fan-out limit counts as one client.</summary>
public sealed class FanOutSourceTests
{
    [Theory]
    [InlineData("192.0.2.10", "::ffff:192.0.2.10")]
    [InlineData("2001:db8:aa:bb::1", "2001:db8:aa:bb:1234:5678:9abc:def0")]
    [InlineData("::1", "::2")]
    public void Addresses_of_one_client_are_one_source(string a, string b) =>
        Assert.Equal(FanOutSource.From(IPAddress.Parse(a)), FanOutSource.From(IPAddress.Parse(b)));

    [Theory]
    [InlineData("192.0.2.10", "192.0.2.11")]
    [InlineData("2001:db8:aa:bb::1", "2001:db8:aa:bc::1")]
    [InlineData("0.0.0.0", "::")]               // an IPv4 source never shares a key with an IPv6 /64
    [InlineData("192.0.2.10", "::c000:20a")]    // nor with an IPv4-compatible IPv6 address
    public void Different_clients_are_different_sources(string a, string b) =>
        Assert.NotEqual(FanOutSource.From(IPAddress.Parse(a)), FanOutSource.From(IPAddress.Parse(b)));

    [Fact]
    public void No_address_is_the_unknown_source() => Assert.Equal(FanOutSource.Unknown, FanOutSource.From(null));
}
