using System.Net;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A real Azurite blob service on a free loopback port, in memory, telemetry off, started from the repo's
/// node_modules and killed on dispose; with a queue service beside it when asked (the function app's renewal
/// queue). <see cref="ConnectionString"/> is for the well-known dev account.
/// </summary>
public sealed class AzuriteFixture : IAsyncDisposable
{
    /// <summary>Azurite's published development account key (not a secret).</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ManagedProcess _process;
    private readonly string _location;
    private ManagedProcess? _queueProcess;

    private AzuriteFixture(ManagedProcess process, string location, int port)
    {
        _process = process;
        _location = location;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The address Azurite listens on: loopback, or a test host's address in a network namespace fleet.</summary>
    public string Host { get; private init; } = "127.0.0.1";

    public Uri BlobEndpoint => new($"http://{Host}:{Port}/devstoreaccount1");

    /// <summary>The queue service's port; 0 when the fixture was started without one.</summary>
    public int QueuePort { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};BlobEndpoint={BlobEndpoint};"
        + (QueuePort == 0 ? string.Empty : $"QueueEndpoint=http://{Host}:{QueuePort}/devstoreaccount1;");

    public static async Task<AzuriteFixture> StartAsync(string host = "127.0.0.1", bool withQueue = false)
    {
        var executable = Path.Combine(TestTools.RepoRoot, "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(executable))
        {
            executable = TestTools.Azurite;
        }
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite not found at {executable}; run 'npm ci --no-audit --no-fund' in {TestTools.RepoRoot}");
        }
        var location = TestTools.NewScratchDirectory("azurite");
        var (process, port) = await StartServiceAsync("blob", executable, host, location);
        var fixture = new AzuriteFixture(process, location, port) { Host = host };
        try
        {
            if (withQueue)
            {
                await fixture.StartQueueAsync(Path.Combine(Path.GetDirectoryName(executable)!, "azurite-queue"));
            }
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    private async Task StartQueueAsync(string executable)
    {
        (_queueProcess, QueuePort) = await StartServiceAsync("queue", executable, Host, _location);
    }

    /// <summary>One Azurite service ("blob" or "queue") on host and a port of its own, in memory, telemetry off.</summary>
    private static async Task<(ManagedProcess Process, int Port)> StartServiceAsync(string service, string executable, string host, string location)
    {
        var started = await PortRetry.StartAsync<Started>($"azurite-{service}", async () =>
        {
            var address = IPAddress.Parse(host);
            var port = FreePort.Next(address);
            var process = ManagedProcess.Start($"azurite-{service}", executable,
            [
                "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
                $"--{service}Host", host, $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--silent",
            ], workingDirectory: location); // Azurite refuses --location with --inMemoryPersistence; the scratch working directory catches anything it writes.
            if (await process.WaitForListenersAsync([Listener.Tcp(address, port)], TimeSpan.FromSeconds(30)))
            {
                return new Started(process, port);
            }
            await process.DisposeAsync();
            return null;
        });
        return (started.Process, started.Port);
    }

    private sealed record Started(ManagedProcess Process, int Port);

    public async ValueTask DisposeAsync()
    {
        if (_queueProcess is not null)
        {
            await _queueProcess.DisposeAsync();
        }
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // Scratch space under /tmp; a leftover is harmless.
        }
    }
}
