using System.Net;
using LbAcme.Sidecar.Http;
using LbAcme.Sidecar.Http.Admission;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

public sealed class ClientSourceTests
{
    [Theory]
    [InlineData("192.0.2.7", "::ffff:192.0.2.7")] // a dual-stack listener's view of an IPv4 client
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")] // one /64
    public void Addresses_of_one_source_count_together(string one, string other)
    {
        Assert.Equal(ClientSource.From(IPAddress.Parse(one)), ClientSource.From(IPAddress.Parse(other)));
    }

    [Theory]
    [InlineData("192.0.2.7", "192.0.2.8")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1")]
    [InlineData("0.0.0.1", "::1")]
    [InlineData("0.0.0.0", "::")]               // an IPv4 source never shares a key with an IPv6 /64
    [InlineData("192.0.2.10", "::c000:20a")]    // nor with an IPv4-compatible IPv6 address
    public void Different_sources_count_apart(string one, string other)
    {
        Assert.NotEqual(ClientSource.From(IPAddress.Parse(one)), ClientSource.From(IPAddress.Parse(other)));
    }

    [Theory]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    public void A_source_is_shown_as_what_it_counts(string address, string shown)
    {
        Assert.Equal(shown, ClientSource.From(IPAddress.Parse(address)).ToString());
    }

    [Fact]
    public void No_address_is_the_unknown_source() => Assert.Equal(ClientSource.Unknown, ClientSource.From(null));

    [Fact]
    public void The_log_throttle_lets_a_source_through_once_a_minute_and_few_sources_at_all()
    {
        var time = new FakeTimeProvider();
        var throttle = new SourceLogThrottle(time);
        var first = ClientSource.From(IPAddress.Parse("192.0.2.1"));

        Assert.Equal(LogVerdict.Log, throttle.Check(first));
        Assert.Equal(LogVerdict.Silent, throttle.Check(first));
        var others = Enumerable.Range(2, 100).Select(i => throttle.Check(ClientSource.From(IPAddress.Parse($"192.0.2.{i}")))).ToList();
        time.Advance(TimeSpan.FromMinutes(1));
        var nextMinute = throttle.Check(first);

        Assert.Equal(SourceLogThrottle.MaxSourcesPerWindow - 1, others.Count(v => v == LogVerdict.Log));
        Assert.Equal(1, others.Count(v => v == LogVerdict.WindowFull));
        Assert.Equal(LogVerdict.Log, nextMinute);
    }
}
