namespace LbAcme.Browser.Tests;

/// <summary>
/// The page's Content-Security-Policy is strict and still lets its own inline CSS through: chromium enforces
/// the header, so styles that render prove the nonce or hash matches, and a clean console proves nothing was refused.
/// </summary>
[Collection(StatusPageGroup.Name)]
public sealed class ContentSecurityPolicyTests(StatusPageFixture fixture)
{
    /// <summary>
    /// Computed styles of the page's main elements with its style elements in place, then with them removed:
    /// they differ only if the browser applied the CSS. Runs through the DevTools protocol, which the page's CSP
    /// does not govern. Answers [style elements, scripts, 1 if the styles changed anything].
    /// </summary>
    private const string StyleEffect = """
        () => {
          const picked = ['body', 'main#fleet', 'section.lb', 'table', 'tr.address', 'td.state'];
          const snapshot = () => picked.map(s => document.querySelector(s)).filter(e => e !== null).map(e => {
            const style = getComputedStyle(e);
            return Array.from(style).map(p => p + ':' + style.getPropertyValue(p)).join(';');
          }).join('\n');
          const styles = document.querySelectorAll('style');
          const scripts = document.querySelectorAll('script').length;
          const styled = snapshot();
          styles.forEach(s => s.remove());
          return [styles.length, scripts, styled !== snapshot() ? 1 : 0];
        }
        """;

    [Fact]
    public async Task The_policy_forbids_everything_but_the_pages_own_inline_style_and_that_style_applies()
    {
        var loaded = await fixture.LoadAsync("status-page-csp");

        var headers = await loaded.Response.AllHeadersAsync();
        Assert.StartsWith("text/html", headers["content-type"], StringComparison.Ordinal);
        var policy = headers["content-security-policy"];
        var directives = policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ')[1..]);
        Assert.Equal(["'none'"], directives["default-src"]);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.False(directives.ContainsKey("script-src") && !directives["script-src"].SequenceEqual(["'none'"]), $"scripts allowed: {policy}");
        Assert.Contains(directives["style-src"], s => s.StartsWith("'nonce-", StringComparison.Ordinal) || s.StartsWith("'sha256-", StringComparison.Ordinal)
            || s.StartsWith("'sha384-", StringComparison.Ordinal) || s.StartsWith("'sha512-", StringComparison.Ordinal));

        var effect = await loaded.Page.EvaluateAsync<int[]>(StyleEffect);
        Assert.True(effect[0] > 0, "the page has no inline style element");
        Assert.Equal(0, effect[1]);
        Assert.True(effect[2] == 1, "removing the page's inline CSS changes nothing: the browser did not apply it");
        Clean.Assert(loaded.Recorded);
    }
}
