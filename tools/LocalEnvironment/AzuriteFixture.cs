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
        var port = FreePort.Next(IPAddress.Parse(host));
        var process = StartService("blob", executable, host, port, location);
        var fixture = new AzuriteFixture(process, location, port) { Host = host };
        try
        {
            await WaitListeningAsync(process, "blob", host, port);
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
        var port = FreePort.Next(IPAddress.Parse(Host));
        _queueProcess = StartService("queue", executable, Host, port, _location);
        await WaitListeningAsync(_queueProcess, "queue", Host, port);
        QueuePort = port;
    }

    /// <summary>One Azurite service ("blob" or "queue") on host:port, in memory, telemetry off.</summary>
    private static ManagedProcess StartService(string service, string executable, string host, int port, string location) =>
        ManagedProcess.Start($"azurite-{service}", executable,
        [
            "--disableTelemetry", "--skipApiVersionCheck", "--inMemoryPersistence",
            $"--{service}Host", host, $"--{service}Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent",
        ], workingDirectory: location); // Azurite refuses --location with --inMemoryPersistence; the scratch working directory catches anything it writes.

    private static Task WaitListeningAsync(ManagedProcess process, string service, string host, int port) =>
        process.WaitUntilAsync(() => FreePort.IsListeningAsync(new IPEndPoint(IPAddress.Parse(host), port)), TimeSpan.FromSeconds(30), $"{service} port");

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
