using System.Diagnostics;
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
    private CertificateSyncStore? _store;

    public string Directory { get; } = TestTools.NewScratchDirectory("metrics");

    internal IReadOnlyList<LbSlot> Slots { get; } =
    [
        FleetConfig.Slot("lb0", "127.0.14.1"), FleetConfig.Slot("lb1", "127.0.14.2"),
        FleetConfig.Slot("lb2", "127.0.14.3"), FleetConfig.Slot("lb3", "127.0.14.4"),
        FleetConfig.Slot("lb4", "127.0.14.5"),
    ];

    public string ConfigPath { get; private set; } = "";

    public TestCertificateIssuer Issuer { get; } = new("metrics test issuer");

    public HttpClient Http { get; } = SidecarHttp.Create();

    private string TrustedRootsPath => Path.Combine(Directory, "trusted-roots.pem");

    public string PemPath(string lb) => Path.Combine(Directory, lb, "live", ServiceName, "haproxy");

    public async Task InitializeAsync()
    {
        _store = await CertificateSyncStore.StartAsync();
        ConfigPath = FleetConfig.Write(Directory, Slots);
        await File.WriteAllTextAsync(TrustedRootsPath, Issuer.Root.ExportCertificatePem() + "\n");
    }

    /// <summary>Starts <paramref name="lb"/> with certificate sync on; <paramref name="extra"/> comes last. The caller disposes it.</summary>
    public async Task<SidecarProcess> StartAsync(string lb, string[] extra)
    {
        var slot = Slots.Single(s => s.Name == lb);
        string[] arguments =
        [
            .. CertificateSyncStore.SyncArguments(_store!.Azurite.ConnectionString,
                System.IO.Directory.CreateDirectory(Path.Combine(Directory, lb, "webroot")).FullName, PemPath(lb),
                socket: Path.Combine(Directory, lb, "no-haproxy.sock"), reload: "", TrustedRootsPath, interval: "00:00:00.500"),
            .. extra,
        ];
        return await SidecarProcess.StartAsync(lb, ConfigPath, slot.Address, slot.HttpPort, slot.PeerPort, arguments);
    }

    /// <summary>Puts a bundle where the renewal engine's Blob store puts "lbacme-{lb}".</summary>
    public Task PutCertificateAsync(string lb, string pem) => _store!.PutCertificateAsync(lb, pem);

    public Task<DeployStatus?> ReadStatusAsync(string lb) => CertificateSyncEnvironment.ReadStatusAsync(_store!.Shared, lb);

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
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        Issuer.Dispose();
        Http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>One Azurite for every metrics test; not run beside the other collections' processes (2 cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup : ICollectionFixture<MetricsFleet>
{
    public const string Name = "metrics";
}
