using LbAcme.Sidecar.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>A retrying loop logs when failing starts, when its reason changes and when it ends; never per retry.</summary>
public sealed class FailureStateTests
{
    [Fact]
    public void Repeated_failures_for_the_same_reason_are_one_change_and_recovery_reports_the_outage()
    {
        var time = new FakeTimeProvider();
        var state = new FailureState(time);

        Assert.Null(state.Recover());
        Assert.Equal(FailureChange.Started, state.Fail("refused"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(FailureChange.None, state.Fail("refused"));
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(FailureChange.ReasonChanged, state.Fail("HTTP 403 AuthorizationFailure"));
        Assert.Equal(FailureChange.None, state.Fail("HTTP 403 AuthorizationFailure"));

        var outage = state.Recover();
        Assert.Equal(new Outage(4, TimeSpan.FromSeconds(190)), outage);
        Assert.Equal("3m10s", outage!.Value.Took);
        Assert.Null(state.Recover());
        Assert.Equal(FailureChange.Started, state.Fail("refused"));
    }

    [Theory]
    [InlineData(200, "200ms")]
    [InlineData(2_100, "2.1s")]
    [InlineData(10_000, "10s")]
    [InlineData(120_000, "2m")]
    [InlineData(300_000, "5m")]
    [InlineData(5_400_000, "1h30m")]
    public void Durations_read_as_people_write_them(int milliseconds, string expected) =>
        Assert.Equal(expected, Durations.Describe(TimeSpan.FromMilliseconds(milliseconds)));
}
