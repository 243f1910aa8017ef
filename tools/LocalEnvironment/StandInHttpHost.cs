using System.Net;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// The function app's stand-in host serving its HTTP functions on loopback, as its own process:
/// <c>LbAcme.Functions local --serve http://127.0.0.1:PORT --no-timer</c> with the fleet's settings. Ready once it
/// holds the port and has said <c>serving http://127.0.0.1:PORT/api/status</c>. No function key locally.
/// The function app's assembly must sit beside the caller's (a project reference copies it there).
/// </summary>
public sealed class StandInHttpHost : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(2);
    private readonly ManagedProcess _process;

    private StandInHttpHost(ManagedProcess process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    /// <summary>E.g. http://127.0.0.1:PORT/ (with the trailing slash, so relative routes resolve under it).</summary>
    public Uri BaseUri { get; }

    public Uri StatusUri => new(BaseUri, "api/status");

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    public static Task<StandInHttpHost> StartAsync(ILocalFleet fleet, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return PortRetry.StartAsync<StandInHttpHost>("the stand-in host (--serve)", async () =>
        {
            var port = FreePort.Next();
            var url = $"http://127.0.0.1:{port}";
            var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--serve", url, "--no-timer" };
            arguments.AddRange(fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}"));
            arguments.Add("--Logging:LogLevel:Default=Warning");
            var process = ManagedProcess.Start("stand-in host (--serve)", SidecarProcess.DotnetHost, arguments);
            if (!await process.WaitForListenersAsync([Listener.Tcp(IPAddress.Loopback, port)], timeout))
            {
                await process.DisposeAsync();
                return null;
            }
            var serving = $"serving {url}/api/status";
            await process.WaitUntilAsync(() => Task.FromResult(process.Output.Contains(serving, StringComparison.Ordinal)), timeout, $"'{serving}'");
            return new StandInHttpHost(process, new Uri(url + "/"));
        });
    }

    /// <summary>POST /api/probe: the served-certificate probe now, stored for the status; the HTTP status code it answered.</summary>
    public async Task<HttpStatusCode> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = RequestTimeout };
        using var response = await client.PostAsync(new Uri(BaseUri, "api/probe"), content: null, cancellationToken);
        return response.StatusCode;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
