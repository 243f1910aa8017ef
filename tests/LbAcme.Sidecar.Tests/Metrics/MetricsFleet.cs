using System.Diagnostics;
using Azure.Storage.Blobs;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>
/// A real Azurite (shared store + certificate container) and a five-LB fleet on 127.0.14.1–5 whose sidecars each
/// test starts itself, with certificate sync on (0.5 s interval) and no HAProxy: with no Runtime API socket and no
/// reload command a deploy writes the PEM only, which is all the metrics read. Each test has its own LB (their
/// store entries and PEM files differ); lb4 is never started, so the others always have a peer a probe finds down.
/// </summary>
public sealed class MetricsFleet : IAsyncLifetime
{
    public const string ServiceName = "svc.example.test";
    public const string SharedContainer = "lb-acme";
    public const string CertificateContainer = "certificates";
    private AzuriteFixture? _azurite;

    public string Directory { get; } = TestTools.NewScratchDirectory("metrics");

    internal IReadOnlyList<LbSlot> Slots { get; } =
    [
        FleetConfig.Slot("lb0", "127.0.14.1"), FleetConfig.Slot("lb1", "127.0.14.2"),
        FleetConfig.Slot("lb2", "127.0.14.3"), FleetConfig.Slot("lb3", "127.0.14.4"),
        FleetConfig.Slot("lb4", "127.0.14.5"),
    ];

    public string ConfigPath { get; private set; } = "";

    public TestCertificateIssuer Issuer { get; } = new("metrics test issuer");

    public BlobContainerClient Certificates { get; private set; } = null!;

    public BlobContainerClient Shared { get; private set; } = null!;

    public HttpClient Http { get; } = SidecarHttp.Create();

    private string TrustedRootsPath => Path.Combine(Directory, "trusted-roots.pem");

    public string PemPath(string lb) => Path.Combine(Directory, lb, "live", ServiceName, "haproxy");

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        Shared = new BlobContainerClient(_azurite.ConnectionString, SharedContainer);
        Certificates = new BlobContainerClient(_azurite.ConnectionString, CertificateContainer);
        await Shared.CreateIfNotExistsAsync();
        await Certificates.CreateIfNotExistsAsync();
        ConfigPath = FleetConfig.Write(Directory, Slots);
        await File.WriteAllTextAsync(TrustedRootsPath, Issuer.Root.ExportCertificatePem() + "\n");
    }

    /// <summary>Starts <paramref name="lb"/> with certificate sync on; <paramref name="extra"/> comes last. The caller disposes it.</summary>
    public async Task<SidecarProcess> StartAsync(string lb, string[] extra)
    {
        var slot = Slots.Single(s => s.Name == lb);
        string[] arguments =
        [
            $"--Sidecar:Store:ConnectionString={_azurite!.ConnectionString}",
            $"--Sidecar:Store:Container={SharedContainer}",
            $"--Sidecar:Webroot={System.IO.Directory.CreateDirectory(Path.Combine(Directory, lb, "webroot")).FullName}",
            "--Sidecar:CertificateSync:Enabled=true",
            "--Sidecar:CertificateSync:Interval=00:00:00.500",
            "--Sidecar:CertificateSync:RetryDelay=00:00:00.200",
            "--Sidecar:CertificateSync:MaxBackoff=00:00:01.600",
            "--Sidecar:CertificateSync:RequestTimeout=00:00:05",
            $"--Sidecar:CertificateSync:PemPath={PemPath(lb)}",
            $"--Fleet:HaProxy:RuntimeSocket={Path.Combine(Directory, lb, "no-haproxy.sock")}",
            "--Fleet:HaProxy:ReloadCommand=",
            $"--Fleet:TrustedRoots:Path={TrustedRootsPath}",
            .. extra,
        ];
        return await SidecarProcess.StartAsync(lb, ConfigPath, slot.Address, slot.HttpPort, slot.PeerPort, arguments);
    }

    /// <summary>Puts a bundle where the renewal engine's Blob store puts "lbacme-{lb}".</summary>
    public async Task PutCertificateAsync(string lb, string pem) =>
        await Certificates.GetBlobClient($"lbacme-{lb}.pem").UploadAsync(BinaryData.FromString(pem), overwrite: true);

    public Task<DeployStatus?> ReadStatusAsync(string lb) => CertificateSyncEnvironment.ReadStatusAsync(Shared, lb);

    public async Task<string> ScrapeAsync(SidecarProcess sidecar) => await Http.GetStringAsync(sidecar.MetricsUri);

    /// <summary>Scrapes until <paramref name="condition"/> holds on the text; fails with the sidecar's output otherwise.</summary>
    public async Task<string> ScrapeUntilAsync(SidecarProcess sidecar, Func<string, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        var text = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            text = await ScrapeAsync(sidecar);
            if (condition(text))
            {
                return text;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no {what} within 30 s\n--- last scrape ---\n{text}\n--- {sidecar.Name} ---\n{sidecar.Output}");
    }

    /// <summary>Sum of the samples of <paramref name="name"/> carrying <paramref name="labels"/>.</summary>
    public static double Value(string text, string name, params (string Key, string Value)[] labels) =>
        ScrapedSeries.Parse(text, name).Where(s => s.Has(labels)).Sum(s => s.Value);

    /// <summary>How many series of <paramref name="name"/> carry <paramref name="labels"/>.</summary>
    public static int Count(string text, string name, params (string Key, string Value)[] labels) =>
        ScrapedSeries.Parse(text, name).Count(s => s.Has(labels));

    public Task<SidecarProcess> StartAsync(string lb) => StartAsync(lb, []);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        Issuer.Dispose();
        Http.Dispose();
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

/// <summary>One Azurite for every metrics test; not run beside the other collections' processes (2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup : ICollectionFixture<MetricsFleet>
{
    public const string Name = "metrics";
}
