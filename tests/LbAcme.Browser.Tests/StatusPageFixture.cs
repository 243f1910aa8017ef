using LbAcme.Testing.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LbAcme.Browser.Tests;

/// <summary>
/// One fleet and one chromium for the whole class (a fleet costs a renewal run). The page is loaded twice, in
/// this order whichever test asks first: with every LB up, then after <see cref="StoppedLb"/> was stopped
/// (sidecar and HAProxy) and the probe ran again. Each load keeps its own page open, so a test reads the DOM
/// as it was at that moment. Each screenshot's path goes to the run's console as an xunit diagnostic message
/// (xunit.runner.json turns them on): a passing test's own output is kept only in the results file.
/// </summary>
public sealed class StatusPageFixture : IAsyncLifetime
{
    public const string StoppedLb = "lb2";
    private readonly IMessageSink _diagnostics;
    private readonly Lazy<Task<LoadedPage>> _healthy;
    private readonly Lazy<Task<LoadedPage>> _oneStopped;
    private readonly List<RecordedPage> _pages = [];
    private ServedFleet? _served;
    private Chromium? _chromium;

    public StatusPageFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
        _healthy = new(() => LoadAsync("status-page-fleet-ok"));
        _oneStopped = new(LoadAfterStoppingAsync);
    }

    internal ServedFleet Served => _served ?? throw new InvalidOperationException("The fleet is not started.");

    public Chromium Chromium => _chromium ?? throw new InvalidOperationException("Chromium is not launched.");

    public async Task InitializeAsync()
    {
        _chromium = await Chromium.LaunchAsync();
        _served = await ServedFleet.StartAsync(count: 3);
        await Served.Host.ProbeAsync(CancellationToken.None);
    }

    /// <summary>The page after the run and the probe, every LB up.</summary>
    public Task<LoadedPage> HealthyAsync() => _healthy.Value;

    /// <summary>The page after <see cref="StoppedLb"/> went down and the probe ran again.</summary>
    public Task<LoadedPage> OneStoppedAsync() => _oneStopped.Value;

    private async Task<LoadedPage> LoadAfterStoppingAsync()
    {
        await HealthyAsync();
        await Served.Fleet.StopLoadBalancerAsync(StoppedLb);
        await Served.Host.ProbeAsync(CancellationToken.None);
        return await LoadAsync("status-page-lb-stopped");
    }

    /// <summary>A fresh page: a navigation to /api/status, which chromium asks for with Accept: text/html.</summary>
    public async Task<LoadedPage> LoadAsync(string screenshotName)
    {
        var page = await Chromium.NewPageAsync();
        _pages.Add(page);
        var response = await page.GoToAsync(Served.Host.StatusUrl);
        var screenshot = await Screenshots.SaveAsync(page.Page, screenshotName);
        _diagnostics.OnMessage(new DiagnosticMessage("screenshot of {0}: {1}", Served.Host.StatusUrl, screenshot));
        return new LoadedPage(page, response, screenshot);
    }

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        if (_served is not null)
        {
            await _served.DisposeAsync();
        }
    }
}

/// <summary>A page as loaded: the recording page, the navigation's response (its headers) and the screenshot's path.</summary>
public sealed record LoadedPage(RecordedPage Recorded, IResponse Response, string Screenshot)
{
    public IPage Page => Recorded.Page;
}
