using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>
/// One real Azurite (shared store "lb-acme", certificates "certificates") and a CA whose certificates the fleets
/// here trust. Each test writes its own small fleet, so no sidecar of one test is a (down) peer of another's.
/// Intervals are short so several polls, sync rounds and probes pass in a few seconds.
/// </summary>
public sealed class LoggingEnvironment : IAsyncLifetime
{
    private const string SharedContainer = CertificateSyncEnvironment.SharedContainer;
    private static readonly string[] Loopback = ["127.0.0.0/8"];
    private AzuriteFixture? _azurite;

    public string Directory { get; } = TestTools.NewScratchDirectory("logging");

    public AzuriteFixture Azurite => _azurite!;

    public TestCertificateIssuer Issuer { get; } = new();

    public IChallengeStore Store { get; private set; } = null!;

    public BlobContainerClient Certificates { get; private set; } = null!;

    public string TrustedRootsPath => Path.Combine(Directory, "trusted-roots.pem");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        var shared = new BlobContainerClient(_azurite.ConnectionString, SharedContainer);
        await shared.CreateIfNotExistsAsync();
        Store = new BlobChallengeStore(shared, TimeSpan.FromSeconds(10));
        Certificates = new BlobContainerClient(_azurite.ConnectionString, CertificateSyncEnvironment.CertificateContainer);
        await Certificates.CreateIfNotExistsAsync();
        await File.WriteAllTextAsync(TrustedRootsPath, Issuer.Root.ExportCertificatePem() + "\n");
    }

    /// <summary>A fleet of its own in a directory of its own: the slots and the written fleet.json.</summary>
    internal (LbSlot[] Slots, string ConfigPath, string Directory) NewFleet(string name, params string[] addresses)
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(Directory, name)).FullName;
        var slots = addresses.Select((a, i) => FleetConfig.Slot($"lb{i}", a)).ToArray();
        return (slots, FleetConfig.Write(directory, slots, new { Peers = new { AllowedNetworks = Loopback } }), directory);
    }

    /// <summary>Puts a good certificate for <paramref name="lb"/> where the renewal engine's blob store puts it.</summary>
    public async Task PutGoodCertificateAsync(string lb) =>
        await PutCertificateAsync(lb, Issuer.Issue([CertificateSyncEnvironment.ServiceName], DateTimeOffset.UtcNow.AddHours(-2)).Bundle);

    public Task<DeployStatus?> ReadStatusAsync(string lb) =>
        CertificateSyncEnvironment.ReadStatusAsync(new BlobContainerClient(Azurite.ConnectionString, SharedContainer), lb);

    public async Task PutCertificateAsync(string lb, string pem) =>
        await Certificates.GetBlobClient($"lbacme-{lb}.pem").UploadAsync(BinaryData.FromString(pem), overwrite: true);

    /// <summary>Store, certificate sync (no HAProxy: a deployed certificate is written only) and short intervals.</summary>
    public string[] SidecarArguments(string directory, string lb, string connectionString) =>
    [
        $"--Sidecar:Webroot={System.IO.Directory.CreateDirectory(Path.Combine(directory, lb, "webroot")).FullName}",
        $"--Sidecar:Store:ConnectionString={connectionString}",
        $"--Sidecar:Store:Container={SharedContainer}",
        "--Sidecar:Store:RequestTimeout=00:00:02",
        "--Sidecar:StorePollInterval=00:00:00.200",
        "--Sidecar:StoreFullListInterval=00:00:01",
        "--Sidecar:StoreMaxBackoff=00:00:01",
        "--Sidecar:Peers:ProbeInterval=00:00:00.200",
        "--Sidecar:CertificateSync:Enabled=true",
        "--Sidecar:CertificateSync:Interval=00:00:00.300",
        "--Sidecar:CertificateSync:RetryDelay=00:00:00.200",
        "--Sidecar:CertificateSync:MaxBackoff=00:00:01",
        "--Sidecar:CertificateSync:RequestTimeout=00:00:02",
        $"--Sidecar:CertificateSync:PemPath={Path.Combine(directory, lb, "haproxy.pem")}",
        $"--Fleet:HaProxy:RuntimeSocket={Path.Combine(directory, lb, "no-haproxy.sock")}",
        "--Fleet:HaProxy:ReloadCommand=",
        $"--Fleet:TrustedRoots:Path={TrustedRootsPath}",
    ];

    internal static async Task<MetricsScrape> MetricsAsync(SidecarProcess sidecar)
    {
        using var http = SidecarHttp.Create();
        return await MetricsScrape.ReadAsync(http, sidecar.MetricsUri);
    }

    /// <summary>Polls until <paramref name="condition"/> holds, for up to a minute; fails with the sidecar's output otherwise.</summary>
    public static Task WaitForAsync(Func<Task<bool>> condition, string what, SidecarProcess sidecar) =>
        CertificateSyncEnvironment.WaitForAsync(condition, TimeSpan.FromSeconds(60), what, sidecar);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        Issuer.Dispose();
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

/// <summary>Not in parallel with the other collections: several sidecars on a 2-core box slow each other's rounds.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoggingGroup : ICollectionFixture<LoggingEnvironment>
{
    public const string Name = "logging";
}
