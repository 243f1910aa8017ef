using System.Security.Cryptography;
using System.Text;
using LbAcme.Testing.Browser;
using Microsoft.Playwright;

namespace LbAcme.Browser.Tests;

/// <summary>
/// The fixture's own proof that "no problems recorded" means something: chromium refusing an inline style under a
/// strict Content-Security-Policy is recorded, and the same page whose policy carries the style's hash is clean.
/// The page is served by Playwright's routing, so no server is involved.
/// </summary>
public sealed class RecordedPageTests : IAsyncLifetime
{
    private const string Style = "body { background: rgb(1, 2, 3); }";
    private static readonly Uri Url = new("http://page.test/");
    private Chromium _chromium = null!;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task A_refused_inline_style_is_recorded_and_an_allowed_one_is_not()
    {
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)));

        var (allowedProblems, allowedBackground) = await LoadAsync($"default-src 'none'; style-src 'sha256-{hash}'");
        var (refusedProblems, refusedBackground) = await LoadAsync("default-src 'none'");

        Assert.Empty(allowedProblems);
        Assert.Equal("rgb(1, 2, 3)", allowedBackground);
        var refused = Assert.Single(refusedProblems);
        Assert.Contains("Content Security Policy", refused, StringComparison.Ordinal);
        Assert.NotEqual("rgb(1, 2, 3)", refusedBackground);
    }

    /// <summary>The problems recorded and the body's computed background, for the page served under <paramref name="policy"/>.</summary>
    private async Task<(IReadOnlyList<string> Problems, string Background)> LoadAsync(string policy)
    {
        await using var page = await _chromium.NewPageAsync();
        await page.Page.RouteAsync(Url.ToString(), route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html; charset=utf-8",
            Headers = new Dictionary<string, string> { ["Content-Security-Policy"] = policy },
            Body = $"<!doctype html><html><head><title>t</title><style>{Style}</style></head><body><p>page</p></body></html>",
        }));
        await page.GoToAsync(Url);
        var background = await page.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        return (page.Problems, background);
    }
}
