using Microsoft.Playwright;

namespace LbAcme.Testing.Browser;

/// <summary>
/// Debian's chromium driven by Playwright: one browser process for a test class, a fresh context per page.
/// Playwright never downloads a browser here: it launches the packaged binary through its executable path
/// (test.sh installs it), headless, and without the sandbox, which needs a user namespace that root in a
/// container does not get.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(60);
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: the browser tests need Debian's chromium package (test.sh installs it).");
        }
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox"],
                Timeout = (float)LaunchTimeout.TotalMilliseconds,
            });
            return new Chromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in its own context (no cookies or cache shared with other pages), recording what went wrong in it.</summary>
    public async Task<RecordedPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        return RecordedPage.Attach(context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
