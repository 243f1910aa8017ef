using LbAcme.LocalEnvironment;
using Microsoft.Playwright;

namespace LbAcme.Testing.Browser;

/// <summary>
/// Full-page PNGs under artifacts/browser/ in the repository (git ignores artifacts/): a stable place a person
/// or a closing note can find after the run, overwritten by the next run of the same test.
/// </summary>
public static class Screenshots
{
    public static string Directory { get; } = Path.Combine(TestTools.RepoRoot, "artifacts", "browser");

    /// <summary>Saves the page as {name}.png and returns the file's absolute path.</summary>
    public static async Task<string> SaveAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
