using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LbAcme.Testing.Browser;

/// <summary>
/// A page that keeps every problem the browser reported while it was open: console messages of type error (a
/// Content-Security-Policy violation is one: "Refused to apply inline style ..."), uncaught page errors and failed
/// requests. A test asserts <see cref="Problems"/> is empty to say "the page loaded clean".
/// </summary>
public sealed class RecordedPage : IAsyncDisposable
{
    private static readonly TimeSpan NavigationTimeout = TimeSpan.FromSeconds(30);
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private RecordedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems => [.. _problems];

    internal static RecordedPage Attach(IBrowserContext context, IPage page)
    {
        var recorded = new RecordedPage(context, page);
        page.SetDefaultTimeout((float)NavigationTimeout.TotalMilliseconds);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                recorded._problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => recorded._problems.Enqueue($"page error: {error}");
        page.RequestFailed += (_, request) => recorded._problems.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        return recorded;
    }

    /// <summary>Navigates and waits for the load event; the response (null only for same-document navigations).</summary>
    public async Task<IResponse> GoToAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return await Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load })
            ?? throw new InvalidOperationException($"{url}: no response for the navigation.");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
