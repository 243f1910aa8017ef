using System.Net;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>
/// The seed's layout: three real sidecars on 127.0.1.1–3, each with its own webroot, all syncing from one
/// real Azurite. The peer port admits only the fleet's /24, so the tests can show a stranger is refused.
/// Store settings are the defaults (2 s marker poll), so "served within a few seconds" is tested as shipped.
/// </summary>
public sealed class ThreeSidecarFleet : IAsyncLifetime
{
    public const string Container = "lb-acme";
    private static readonly string[] FleetNetwork = ["127.0.1.0/24"];
    private readonly List<SidecarProcess> _sidecars = [];
    private AzuriteFixture? _azurite;

    public string Directory { get; } = TestTools.NewScratchDirectory("fleet3");

    public string ConfigPath { get; private set; } = "";

    public IReadOnlyList<SidecarProcess> Sidecars => _sidecars;

    public IReadOnlyList<string> Webroots { get; private set; } = [];

    public IChallengeStore Store { get; private set; } = null!;

    public AzuriteFixture Azurite => _azurite!;

    public HttpClient Http { get; } = SidecarHttp.Create();

    /// <summary>A client whose connections come from a fleet-range address, as a peer's would.</summary>
    public HttpClient PeerHttp { get; } = SidecarHttp.Create(IPAddress.Parse("127.0.1.9"));

    public string[] StoreArguments =>
    [
        $"--Sidecar:Store:ConnectionString={Azurite.ConnectionString}",
        $"--Sidecar:Store:Container={Container}",
    ];

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        var container = new BlobContainerClient(_azurite.ConnectionString, Container);
        await container.CreateIfNotExistsAsync();
        Store = new BlobChallengeStore(container, TimeSpan.FromSeconds(10));

        var slots = new[] { FleetConfig.Slot("lb0", "127.0.1.1"), FleetConfig.Slot("lb1", "127.0.1.2"), FleetConfig.Slot("lb2", "127.0.1.3") };
        ConfigPath = FleetConfig.Write(Directory, slots, new { Peers = new { AllowedNetworks = FleetNetwork } });
        Webroots = [.. slots.Select(s => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "webroot-" + s.Name)).FullName)];
        var started = await Task.WhenAll(slots.Select((s, i) => SidecarProcess.StartAsync(s.Name, ConfigPath, s.Address, s.HttpPort, s.PeerPort,
            [$"--Sidecar:Webroot={Webroots[i]}", .. StoreArguments])));
        _sidecars.AddRange(started);
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _sidecars)
        {
            await s.DisposeAsync();
        }
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
        Http.Dispose();
        PeerHttp.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Output of every sidecar, for assertion messages.</summary>
    public string Logs() => string.Join("\n", _sidecars.Select(s => $"--- {s.Name} ---\n{s.Output}"));
}

[CollectionDefinition(Name)]
public sealed class ThreeSidecarFleetGroup : ICollectionFixture<ThreeSidecarFleet>
{
    public const string Name = "three sidecars";
}
