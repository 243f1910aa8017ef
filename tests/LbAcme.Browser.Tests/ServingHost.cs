using System.Net;
using LbAcme.LocalEnvironment;

namespace LbAcme.Browser.Tests;

/// <summary>
/// The function app's stand-in host serving its HTTP functions on loopback
/// (<c>LbAcme.Functions local --serve http://127.0.0.1:PORT --no-timer</c>, as its own process) with the fleet's
/// settings: the status page as an operator's browser gets it, and POST /api/probe to probe now. No timer: the
/// tests decide when a renewal run or a probe happens.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private readonly ManagedProcess _process;

    private ServingHost(ManagedProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>E.g. http://127.0.0.1:PORT/ (the routes are under api/).</summary>
    public Uri BaseAddress { get; }

    public Uri StatusUrl => new(BaseAddress, "api/status");

    public string Output => _process.Output;

    public static Task<ServingHost> StartAsync(ILocalFleet fleet) =>
        PortRetry.StartAsync<ServingHost>("stand-in host (--serve)", () => TryStartAsync(fleet));

    /// <summary>POST /api/probe: the probe runs now over every address and stores its report; its JSON.</summary>
    public async Task<string> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = ProbeTimeout };
        using var response = await client.PostAsync(new Uri(BaseAddress, "api/probe"), content: null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
            ? body
            : throw new InvalidOperationException($"POST /api/probe answered {(int)response.StatusCode}: {body}\nstand-in host output:\n{Output}");
    }

    /// <summary>Null when another program took the port first; the caller starts again on a fresh one.</summary>
    private static async Task<ServingHost?> TryStartAsync(ILocalFleet fleet)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next(IPAddress.Loopback)}/");
        var listening = $"serving {new Uri(baseAddress, "api/status")}";
        var arguments = new List<string>
        {
            Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--serve", baseAddress.ToString().TrimEnd('/'), "--no-timer",
        };
        arguments.AddRange(fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}"));
        arguments.Add("--Logging:LogLevel:Default=Warning");
        var process = ManagedProcess.Start("stand-in host", SidecarProcess.DotnetHost, arguments);
        var until = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < until && !process.HasExited && !process.Output.Contains(listening, StringComparison.Ordinal))
        {
            await Task.Delay(100);
        }
        if (process.Output.Contains(listening, StringComparison.Ordinal) && !process.HasExited)
        {
            return new ServingHost(process, baseAddress);
        }
        var output = process.Output;
        await process.DisposeAsync();
        return output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
            ? null
            : throw new InvalidOperationException($"the stand-in host did not say \"{listening}\" within {StartTimeout.TotalSeconds} s. Output:\n{output}");
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();
}
