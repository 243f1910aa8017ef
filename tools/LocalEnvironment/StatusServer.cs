using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// The function app's stand-in host serving its HTTP functions (<c>LbAcme.Functions local --serve</c>, as its own
/// process) on a free loopback port: GET /api/status (JSON, or the page for text/html), POST /api/renew[/{lb}], POST
/// /api/probe. <see cref="StatusUrl"/> is what the host printed once listening. The function app's assembly must sit
/// beside the caller's (a project reference copies it there).
/// </summary>
public sealed partial class StatusServer : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);

    private StatusServer(ManagedProcess process, Uri statusUrl)
    {
        Process = process;
        StatusUrl = statusUrl;
    }

    public ManagedProcess Process { get; }

    /// <summary>http://127.0.0.1:PORT/api/status.</summary>
    public Uri StatusUrl { get; }

    /// <summary>http://127.0.0.1:PORT/ (with the trailing slash, so relative routes resolve under it).</summary>
    public Uri BaseUrl => new(StatusUrl, "/");

    /// <summary>Starts the host with <paramref name="settings"/> (as --Key=value); <paramref name="timer"/> false adds --no-timer.</summary>
    public static async Task<StatusServer> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, bool timer, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--serve", "http://127.0.0.1:0" };
        if (!timer)
        {
            arguments.Add("--no-timer");
        }
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        arguments.Add("--Logging:LogLevel:Default=Warning");
        var process = ManagedProcess.Start("stand-in host (serving)", SidecarProcess.DotnetHost, arguments, environment);
        try
        {
            Uri? url = null;
            await process.WaitUntilAsync(() => Task.FromResult((url = Serving(process.Output)) is not null), timeout, "the stand-in host to print where it serves");
            return new StatusServer(process, url!);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the host to stop as Ctrl-C or systemd would (SIGTERM); its exit code, or null if it did not end in time.</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        await Shell.RunAsync("kill", "-TERM", Process.Id.ToString(CultureInfo.InvariantCulture));
        return await Process.WaitForExitAsync(timeout);
    }

    /// <summary>POST /api/probe: the served-certificate probe now, stored for the status; the status code and the body it answered.</summary>
    public async Task<(HttpStatusCode Status, string Body)> ProbeAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false }) { Timeout = ProbeTimeout };
        using var response = await client.PostAsync(new Uri(StatusUrl, "probe"), content: null, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static Uri? Serving(string output) =>
        ServingLine().Match(output) is { Success: true } match ? new Uri(match.Groups[1].Value) : null;

    [GeneratedRegex(@"^serving (http://\S+/api/status)$", RegexOptions.Multiline)]
    private static partial Regex ServingLine();
}
