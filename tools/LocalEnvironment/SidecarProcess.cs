using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// One real lb-sidecar process: the native binary <see cref="SidecarBinary"/> names, or <c>dotnet lb-sidecar.dll</c>
/// from the test's output folder (the test project references the sidecar project, so the build copies it there).
/// </summary>
public sealed class SidecarProcess : IAsyncDisposable
{
    private readonly ManagedProcess _process;

    private SidecarProcess(string name, ManagedProcess process, IPAddress address, int httpPort, int peerPort, int metricsPort)
    {
        Name = name;
        _process = process;
        Address = address;
        HttpPort = httpPort;
        PeerPort = peerPort;
        MetricsPort = metricsPort;
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int HttpPort { get; }

    public int PeerPort { get; }

    public int MetricsPort { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => _process.Output;

    /// <summary>Bytes the sidecar has logged (stdout and stderr) since it started.</summary>
    public long OutputBytes => _process.OutputBytes;

    public Uri PublicUri(string pathAndQuery) => new($"http://{new IPEndPoint(Address, HttpPort)}{pathAndQuery}");

    public Uri PeerUri(string pathAndQuery) => new($"http://{new IPEndPoint(Address, PeerPort)}{pathAndQuery}");

    public Uri MetricsUri => new($"http://127.0.0.1:{MetricsPort}/metrics");

    /// <summary>The sidecar's entry assembly in this test's output folder.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "lb-sidecar.dll");

    /// <summary>The dotnet host running the tests, so the sidecar runs on the same runtime.</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// Starts the sidecar and waits until it holds its public, peer and metrics ports; <paramref name="environment"/>
    /// is set for it on top of the test's own. Throws when another program holds the public or peer port (the
    /// fleet's configuration names those); see <see cref="TryStartAsync"/>.
    /// </summary>
    public static async Task<SidecarProcess> StartAsync(string name, string configPath, IPAddress address, int httpPort, int peerPort, IEnumerable<string> extraArguments,
        IReadOnlyDictionary<string, string>? environment = null) =>
        await TryStartAsync(name, configPath, address, httpPort, peerPort, extraArguments, environment)
        ?? throw new InvalidOperationException($"lb-sidecar {name}: another program holds {address} port {httpPort} or {peerPort}.");

    /// <summary>
    /// Like <see cref="StartAsync"/>, but null when another program took the public or peer port first, so a
    /// fleet can start again on fresh ports. The metrics port is the sidecar's own: a taken one is picked again here.
    /// </summary>
    public static async Task<SidecarProcess?> TryStartAsync(string name, string configPath, IPAddress address, int httpPort, int peerPort, IEnumerable<string> extraArguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }
        var extra = extraArguments.ToList();
        for (var attempt = 0; attempt < PortRetry.Attempts; attempt++)
        {
            // The sidecar refuses a metrics port equal to its HTTP or peer port, even on another address.
            var metricsPort = FreePort.Next();
            if (metricsPort == httpPort || metricsPort == peerPort)
            {
                continue;
            }
            string[] arguments = SidecarBinary.Arguments(
            [
                "run", "--config", configPath,
                $"--Sidecar:LoadBalancer={name}",
                $"--Sidecar:ListenAddress={address}",
                $"--Sidecar:MetricsEndpoint=127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}",
                .. extra,
            ]);
            var process = ManagedProcess.Start($"lb-sidecar {name}", SidecarBinary.FileName, arguments, variables);
            var sidecar = new SidecarProcess(name, process, address, httpPort, peerPort, metricsPort);
            try
            {
                Listener[] listeners = [Listener.Tcp(address, httpPort), Listener.Tcp(address, peerPort), Listener.Tcp(IPAddress.Loopback, metricsPort)];
                if (await process.WaitForListenersAsync(listeners, TimeSpan.FromSeconds(30)))
                {
                    return sidecar;
                }
            }
            catch
            {
                await sidecar.DisposeAsync();
                throw;
            }
            var metricsTaken = process.Output.Contains($"127.0.0.1:{metricsPort.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
            await sidecar.DisposeAsync();
            if (!metricsTaken)
            {
                return null;
            }
        }
        throw new InvalidOperationException($"lb-sidecar {name}: another program took its metrics port {PortRetry.Attempts} times in a row.");
    }

    /// <summary>How many of the process's threads carry <paramref name="name"/> (their /proc comm, at most 15 characters).</summary>
    public int ThreadsNamed(string name) =>
        Directory.GetDirectories($"/proc/{_process.Id}/task").Count(task => ReadComm(task) == name);

    private static string? ReadComm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread ended between the listing and the read
        }
    }

    /// <summary>Resident set size from /proc, in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb * 1024;
            }
        }
        throw new UnreachableException("no VmRSS in /proc status");
    }

    public Task StopAsync() => _process.StopAsync();

    /// <summary>Waits for the sidecar to end by itself (after a signal); its exit code, or null if it still runs at the timeout.</summary>
    public Task<int?> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
