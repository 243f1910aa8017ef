using LbAcme.LocalEnvironment;
using Xunit.Abstractions;

namespace LbAcme.Browser.Tests;

/// <summary>
/// The status page in chromium after a real renewal run and probe: every LB has its section, each of its
/// addresses is probed for every name it serves, shows ok and the serial the run issued, and the browser
/// reports nothing wrong while loading it.
/// </summary>
[Collection(StatusPageGroup.Name)]
public sealed class HealthyFleetPageTests(StatusPageFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_LB_address_shows_ok_with_the_issued_serial_and_the_console_stays_clean()
    {
        var loaded = await fixture.HealthyAsync();
        output.WriteLine($"screenshot: {loaded.Screenshot}");
        var fleet = fixture.Served.Fleet;

        Assert.Equal("ok", await StatusDom.FleetStateAsync(loaded.Page));
        var sections = await StatusDom.LbSectionsAsync(loaded.Page);
        Assert.Equal(fleet.LbNames.Order(StringComparer.Ordinal), sections.Select(s => s.Lb).Order(StringComparer.Ordinal));
        for (var i = 0; i < fleet.LbNames.Count; i++)
        {
            var lb = fleet.LbNames[i];
            var section = sections.Single(s => s.Lb == lb);
            Assert.Equal("ok", section.State);
            // The probe asks each LB address for every configured name and for the LB's own name.
            Assert.Equal(new[] { LocalFleet.ServiceName, fleet.OwnName(lb) }.Order(StringComparer.Ordinal), section.Rows.Select(r => r.ServerName).Order(StringComparer.Ordinal));
            foreach (var row in section.Rows)
            {
                Assert.True(row.IsAt(fleet.Addresses[i]), $"{lb}: a row for {row.Address}, not {fleet.Addresses[i]}");
                Assert.Equal("lb", row.Kind);
                Assert.Equal("ok", row.State);
                Assert.Equal("ok", row.StateText);
                Assert.Equal(Serials.Normalize(fixture.Served.Issued[lb]), Serials.Normalize(row.Serial));
            }
        }
        // The loopback fleet has no VIPs (the namespace fleet does): nothing to show there.
        Assert.Empty(await StatusDom.VipRowsAsync(loaded.Page));
        Assert.True(await loaded.Page.Locator("p.run").IsVisibleAsync(), "the last and next run line is not visible");
        Clean.Assert(loaded.Recorded);
    }
}
