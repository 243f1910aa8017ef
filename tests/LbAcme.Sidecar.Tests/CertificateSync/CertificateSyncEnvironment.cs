using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// Real Azurite (shared store "lb-acme" + certificate container "certificates"), and for lb0 a real lb-sidecar
/// with certificate sync on (0.5 s interval) and a real HAProxy started on the self-signed certificate the
/// sidecar bootstrapped. More LBs of the same fleet (lb1..lb4) are started by tests that need other settings.
/// </summary>
public sealed class CertificateSyncEnvironment : IAsyncLifetime
{
    public const string ServiceName = "svc.example.test";
    public const string SharedContainer = "lb-acme";
    public const string CertificateContainer = "certificates";
    private readonly List<IAsyncDisposable> _owned = [];
    private CertificateSyncStore? _store;
    private int _issued;

    public string Directory { get; } = TestTools.NewScratchDirectory("certsync");

    internal IReadOnlyList<LbSlot> Slots { get; } =
    [
        FleetConfig.Slot("lb0", "127.0.6.1"), FleetConfig.Slot("lb1", "127.0.6.2"),
        FleetConfig.Slot("lb2", "127.0.6.3"), FleetConfig.Slot("lb3", "127.0.6.4"),
        FleetConfig.Slot("lb4", "127.0.6.5"),
    ];

    public string ConfigPath { get; private set; } = "";

    public AzuriteFixture Azurite => _store!.Azurite;

    public TestCertificateIssuer Issuer { get; } = new();

    /// <summary>A different CA, for chains that do not link.</summary>
    public TestCertificateIssuer ForeignIssuer { get; } = new("foreign issuer");

    public BlobContainerClient Certificates => _store!.Certificates;

    public BlobContainerClient Shared => _store!.Shared;

    public SidecarProcess Lb0 { get; private set; } = null!;

    public HaProxyFixture Lb0HaProxy { get; private set; } = null!;

    /// <summary>The self-signed serial lb0 bootstrapped, what HAProxy served first, and status/lb0 right after.</summary>
    public string BootstrapSerial { get; private set; } = "";

    public string FirstServedSerial { get; private set; } = "";

    public string FirstServedSubject { get; private set; } = "";

    public string FirstStatusJson { get; private set; } = "";

    public string PemPath(string lb) => Path.Combine(Directory, lb, "live", ServiceName, "haproxy");

    public async Task InitializeAsync()
    {
        _store = await CertificateSyncStore.StartAsync();
        ConfigPath = FleetConfig.Write(Directory, Slots);
        await File.WriteAllTextAsync(TrustedRootsPath, Issuer.Root.ExportCertificatePem() + "\n");

        // Nothing in the store, nothing on disk: the sidecar must write a self-signed certificate first ...
        Lb0 = await StartSidecarAsync("lb0", SyncArguments("lb0", Azurite.ConnectionString, socket: SocketPath("lb0"), reload: ""));
        _owned.Add(Lb0);
        await WaitForAsync(() => Task.FromResult(File.Exists(PemPath("lb0"))), TimeSpan.FromSeconds(20), "lb0 bootstrap PEM", Lb0);
        using (var written = X509CertificateLoaderFromPem(await File.ReadAllTextAsync(PemPath("lb0"))))
        {
            BootstrapSerial = written.SerialNumber;
        }
        // ... and HAProxy, which refuses to start without its crt file, starts on it.
        Lb0HaProxy = await StartHaProxyAsync("lb0");
        _owned.Add(Lb0HaProxy);
        using (var served = await TlsProbe.ServedCertificateAsync(Lb0HaProxy.Endpoint, ServiceName))
        {
            FirstServedSerial = served.SerialNumber;
            FirstServedSubject = served.Subject;
        }
        await WaitForAsync(async () => await ReadStatusJsonAsync("lb0") is not null, TimeSpan.FromSeconds(20), "status/lb0", Lb0);
        FirstStatusJson = (await ReadStatusJsonAsync("lb0"))!;
    }

    public string SocketPath(string lb) => Path.Combine(Directory, lb, "admin.sock");

    /// <summary>The fleet's Fleet:TrustedRoots:Path: <see cref="Issuer"/>'s root only.</summary>
    public string TrustedRootsPath => Path.Combine(Directory, "trusted-roots.pem");

    public string[] SyncArguments(string lb, string connectionString, string socket, string reload, string interval = "00:00:00.500") =>
        CertificateSyncStore.SyncArguments(connectionString, System.IO.Directory.CreateDirectory(Path.Combine(Directory, lb, "webroot")).FullName,
            PemPath(lb), socket, reload, TrustedRootsPath, interval);

    /// <summary>Starts another LB of the fleet; the caller disposes it.</summary>
    public async Task<SidecarProcess> StartSidecarAsync(string lb, string[] arguments)
    {
        var slot = Slots.Single(s => s.Name == lb);
        return await SidecarProcess.StartAsync(lb, ConfigPath, slot.Address, slot.HttpPort, slot.PeerPort, arguments);
    }

    /// <summary>Starts HAProxy for an LB on its PEM path (which must exist); the caller disposes it.</summary>
    public async Task<HaProxyFixture> StartHaProxyAsync(string lb)
    {
        return await HaProxyFixture.StartAsync(System.IO.Directory.CreateDirectory(Path.Combine(Directory, lb)).FullName, PemPath(lb), Slots.Single(s => s.Name == lb).Address);
    }

    /// <summary>A good certificate for the service name, each one's NotBefore later than the last (so each is "newer").</summary>
    public IssuedPem IssueNext(IReadOnlyList<string>? names = null)
    {
        var step = Interlocked.Increment(ref _issued);
        return Issuer.Issue(names ?? [ServiceName], DateTimeOffset.UtcNow.AddHours(-2).AddSeconds(step * 10));
    }

    /// <summary>Puts raw PEM text where the renewal engine's Blob store puts "lbacme-{lb}"; returns the blob's ETag (the store version).</summary>
    public Task<string> PutCertificateAsync(string lb, string pem) => _store!.PutCertificateAsync(lb, pem);

    public Task<string?> ReadStatusJsonAsync(string lb) => ReadStatusJsonAsync(Shared, lb);

    private static async Task<string?> ReadStatusJsonAsync(BlobContainerClient shared, string lb)
    {
        var blob = shared.GetBlobClient(StoreLayout.Status(lb));
        if (!(await blob.ExistsAsync()).Value)
        {
            return null;
        }
        return (await blob.DownloadContentAsync()).Value.Content.ToString();
    }

    public Task<DeployStatus?> ReadStatusAsync(string lb) => ReadStatusAsync(Shared, lb);

    /// <summary>status/{lb} as the sidecar wrote it into <paramref name="shared"/>, or null before its first write.</summary>
    public static async Task<DeployStatus?> ReadStatusAsync(BlobContainerClient shared, string lb) =>
        await ReadStatusJsonAsync(shared, lb) is { } json ? JsonSerializer.Deserialize(json, StatusJson.Default.DeployStatus) : null;

    /// <summary>Polls until <paramref name="condition"/> holds; fails with the sidecar's output otherwise.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, SidecarProcess? sidecar = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no {what} within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s\n{sidecar?.Output}");
    }

    public static System.Security.Cryptography.X509Certificates.X509Certificate2 X509CertificateLoaderFromPem(string pem) =>
        System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem.AsSpan(0, pem.IndexOf("-----END CERTIFICATE-----", StringComparison.Ordinal) + 25));

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        Issuer.Dispose();
        ForeignIssuer.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}

/// <summary>
/// Not run in parallel with other collections: HAProxy handshake loops and several processes on a 2-core box
/// starve the fan-out tests' hedge timing (their garbage peer is then never asked), and each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CertificateSyncGroup : ICollectionFixture<CertificateSyncEnvironment>
{
    public const string Name = "certificate sync";
}
