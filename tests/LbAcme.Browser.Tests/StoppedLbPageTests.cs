using Xunit.Abstractions;

namespace LbAcme.Browser.Tests;

/// <summary>
/// One LB down (its sidecar and its HAProxy stopped) and the probe run again: the page shows that LB and its
/// addresses unreachable with what to do about it, the fleet as not ok, and the other LBs still ok.
/// </summary>
[Collection(StatusPageGroup.Name)]
public sealed class StoppedLbPageTests(StatusPageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_stopped_LB_shows_unreachable_with_its_action_while_the_others_stay_ok()
    {
        var loaded = await fixture.OneStoppedAsync();
        output.WriteLine($"screenshot: {loaded.Screenshot}");

        // Unreachable is the worst state, and the fleet's is the worst of all.
        Assert.Equal("unreachable", await StatusDom.FleetStateAsync(loaded.Page));
        var sections = await StatusDom.LbSectionsAsync(loaded.Page);
        var stopped = sections.Single(s => s.Lb == StatusPageFixture.StoppedLb);
        Assert.Equal("unreachable", stopped.State);
        Assert.NotEmpty(stopped.Rows);
        foreach (var row in stopped.Rows)
        {
            Assert.Equal("unreachable", row.State);
            Assert.Equal("unreachable", row.StateText);
            Assert.NotEqual(string.Empty, row.Action);
            Assert.True(row.ActionVisible, $"{row.Address} ({row.ServerName}): the action \"{row.Action}\" is not visible");
        }
        foreach (var other in sections.Where(s => s.Lb != StatusPageFixture.StoppedLb))
        {
            Assert.Equal("ok", other.State);
            Assert.NotEmpty(other.Rows);
            Assert.All(other.Rows, r => Assert.Equal("ok", r.State));
        }
        Clean.Assert(loaded.Recorded);
    }
}
