using System.Net;
using LbAcme.LocalEnvironment;

namespace LbAcme.Browser.Tests;

/// <summary>
/// The function app's stand-in host serving its HTTP functions on loopback (<see cref="StatusServer"/>) with the
/// fleet's settings and no timer: the tests decide when a renewal run or a probe happens. The status page as an
/// operator's browser gets it, and POST /api/probe to probe now.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StatusServer _server;

    private ServingHost(StatusServer server) => _server = server;

    /// <summary>http://127.0.0.1:PORT/api/status.</summary>
    public Uri StatusUrl => _server.StatusUrl;

    public static async Task<ServingHost> StartAsync(ILocalFleet fleet) =>
        new(await StatusServer.StartAsync(fleet.EngineSettings(), timer: false, StartTimeout));

    /// <summary>POST /api/probe: the probe runs now over every address and stores its report; its JSON.</summary>
    public async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        var (status, body) = await _server.ProbeAsync(cancellationToken);
        return status == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"POST /api/probe answered {(int)status}: {body}\nstand-in host output:\n{_server.Process.Output}");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
