using LbAcme.Core.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class IpAddressTextTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("127.0.1.2")]
    [InlineData("::")]
    [InlineData("2001:db8::1")]
    [InlineData("2001:DB8:0:0::1")]
    [InlineData("::ffff:192.0.2.1")]
    public void Addresses_written_in_full_are_taken(string text)
    {
        Assert.True(IpAddressText.TryParse(text, out _));
        Assert.Null(IpAddressText.Problem(text));
    }

    [Theory]
    [InlineData("10.1", "'10.1' is not an IP address written in full (did you mean 10.0.0.1?)")]
    [InlineData("127.1", "'127.1' is not an IP address written in full (did you mean 127.0.0.1?)")]
    [InlineData("010.0.0.1", "'010.0.0.1' is not an IP address written in full")]
    [InlineData("0x0a.0.0.1", "'0x0a.0.0.1' is not an IP address written in full")]
    [InlineData("167772161", "'167772161' is not an IP address written in full (did you mean 10.0.0.1?)")]
    [InlineData("fe80::1%2", "'fe80::1%2' is not an IP address written in full")]
    [InlineData("", "'' is not an IP address")]
    [InlineData("lb0", "'lb0' is not an IP address")]
    public void Short_and_odd_forms_are_refused_with_the_reading_they_would_get(string text, string expected)
    {
        Assert.False(IpAddressText.TryParse(text, out _));
        Assert.StartsWith(expected, IpAddressText.Problem(text), StringComparison.Ordinal);
    }
}
