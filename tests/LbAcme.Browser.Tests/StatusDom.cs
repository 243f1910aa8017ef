using Microsoft.Playwright;

namespace LbAcme.Browser.Tests;

/// <summary>
/// The status page's DOM contract, read back: <c>main#fleet[data-state]</c>, one <c>section.lb[data-lb][data-state]</c>
/// per LB, <c>section.vips</c>, and per probed address a <c>tr.address</c> (data-address, data-kind, data-server-name,
/// data-state) with cells td.state, td.serial, td.expires, td.problem, td.action.
/// </summary>
internal static class StatusDom
{
    public static Task<string?> FleetStateAsync(IPage page) => page.Locator("main#fleet").GetAttributeAsync("data-state");

    public static async Task<IReadOnlyList<LbSection>> LbSectionsAsync(IPage page)
    {
        var sections = new List<LbSection>();
        foreach (var section in await page.Locator("section.lb").AllAsync())
        {
            sections.Add(new LbSection(
                await section.GetAttributeAsync("data-lb") ?? string.Empty,
                await section.GetAttributeAsync("data-state") ?? string.Empty,
                await RowsAsync(section)));
        }
        return sections;
    }

    public static async Task<IReadOnlyList<AddressRow>> VipRowsAsync(IPage page) => await RowsAsync(page.Locator("section.vips"));

    private static async Task<IReadOnlyList<AddressRow>> RowsAsync(ILocator scope)
    {
        var rows = new List<AddressRow>();
        foreach (var row in await scope.Locator("tr.address").AllAsync())
        {
            var action = row.Locator("td.action");
            rows.Add(new AddressRow(
                await row.GetAttributeAsync("data-address") ?? string.Empty,
                await row.GetAttributeAsync("data-kind") ?? string.Empty,
                await row.GetAttributeAsync("data-server-name") ?? string.Empty,
                await row.GetAttributeAsync("data-state") ?? string.Empty,
                await CellAsync(row, "td.state"),
                await CellAsync(row, "td.serial"),
                await CellAsync(row, "td.action"),
                await action.IsVisibleAsync()));
        }
        return rows;
    }

    /// <summary>The cell's text as the document holds it (not as CSS may transform it), trimmed.</summary>
    private static async Task<string> CellAsync(ILocator row, string selector) => ((await row.Locator(selector).TextContentAsync()) ?? string.Empty).Trim();
}

internal sealed record LbSection(string Lb, string State, IReadOnlyList<AddressRow> Rows);

/// <summary>One probed address as the page shows it; <see cref="StateText"/> is the visible td.state text, e.g. "rolling out".</summary>
internal sealed record AddressRow(string Address, string Kind, string ServerName, string State, string StateText, string Serial, string Action, bool ActionVisible)
{
    /// <summary>Whether the row is about this LB address (the page may show the address alone or with its port).</summary>
    public bool IsAt(System.Net.IPAddress address) =>
        Address == address.ToString() || Address.StartsWith(address + ":", StringComparison.Ordinal);
}
