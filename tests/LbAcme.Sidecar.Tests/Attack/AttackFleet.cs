using System.Net;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Two real sidecars (lb0 127.0.8.1, lb1 127.0.8.2) whose peer ports admit only the fleet's 127.0.8.0/24, with
/// webroots and no store. Attacks come from 127.77.0.0/16, which the default allow-list (all of 127.0.0.0/8)
/// would admit. <c>Limits:MaxConnections</c> is 1,000 so that a few thousand connections, within the test's file
/// descriptors, are an attack of the same shape as the 10,000s that found the problem.
/// </summary>
public sealed class AttackFleet : IAsyncLifetime
{
    public const int MaxConnections = 1000;
    private static readonly string[] FleetNetwork = ["127.0.8.0/24"];
    private readonly List<SidecarProcess> _sidecars = [];

    public string Directory { get; } = TestTools.NewScratchDirectory("attack");

    public SidecarProcess Lb0 => _sidecars[0];

    public SidecarProcess Lb1 => _sidecars[1];

    public IReadOnlyList<string> Webroots { get; private set; } = [];

    /// <summary>A client from 127.0.0.1: outside the attack range, and not a fleet address.</summary>
    public HttpClient Http { get; } = SidecarHttp.Create();

    /// <summary>A client from a fleet address, as another LB's would come.</summary>
    public HttpClient PeerHttp { get; } = SidecarHttp.Create(IPAddress.Parse("127.0.8.9"));

    public async Task InitializeAsync()
    {
        var slots = new[] { FleetConfig.Slot("lb0", "127.0.8.1"), FleetConfig.Slot("lb1", "127.0.8.2") };
        var config = FleetConfig.Write(Directory, slots, new
        {
            Peers = new { AllowedNetworks = FleetNetwork },
            Limits = new { MaxConnections },
        });
        Webroots = [.. slots.Select(s => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "webroot-" + s.Name)).FullName)];
        var started = await Task.WhenAll(slots.Select((s, i) => SidecarProcess.StartAsync(s.Name, config, s.Address, s.HttpPort, s.PeerPort, [$"--Sidecar:Webroot={Webroots[i]}"])));
        _sidecars.AddRange(started);
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _sidecars)
        {
            await s.DisposeAsync();
        }
        Http.Dispose();
        PeerHttp.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A token lb1 holds in its webroot, and its key authorization.</summary>
    public async Task<(string Token, string KeyAuthorization)> Lb1TokenAsync()
    {
        var token = FanOutTests.NewToken();
        await File.WriteAllTextAsync(Path.Combine(Webroots[1], token), token + ".attack");
        return (token, token + ".attack");
    }
}

[CollectionDefinition(Name)]
public sealed class AttackFleetGroup : ICollectionFixture<AttackFleet>
{
    public const string Name = "attack fleet";
}
