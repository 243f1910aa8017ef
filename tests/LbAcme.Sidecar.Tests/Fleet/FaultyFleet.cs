using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fakes;
using Xunit;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>
/// A fleet where things are wrong: lb0 and lb1 are real sidecars (reference timeouts, 5 s); lb2 was a real
/// sidecar and has been stopped; lb3 accepts connections and never answers; lb4 answers garbage.
/// </summary>
public sealed class FaultyFleet : IAsyncLifetime, IAsyncDisposable
{
    private readonly List<SidecarProcess> _sidecars = [];
    private BlackholePeer? _blackhole;
    private GarbagePeer? _garbage;

    public string Directory { get; } = TestTools.NewScratchDirectory("faulty");

    public string ConfigPath { get; private set; } = "";

    public SidecarProcess Lb0 => _sidecars[0];

    public SidecarProcess Lb1 => _sidecars[1];

    public string Lb1Webroot => Path.Combine(Directory, "webroot-lb1");

    public BlackholePeer Blackhole => _blackhole!;

    public GarbagePeer Garbage => _garbage!;

    public HttpClient Http { get; } = SidecarHttp.Create();

    public async Task InitializeAsync()
    {
        var slots = new[]
        {
            FleetConfig.Slot("lb0", "127.0.3.1"), FleetConfig.Slot("lb1", "127.0.3.2"), FleetConfig.Slot("lb2", "127.0.3.3"),
            FleetConfig.Slot("lb3", "127.0.3.4"), FleetConfig.Slot("lb4", "127.0.3.5"),
        };
        ConfigPath = FleetConfig.Write(Directory, slots);
        string[] Args(string name) => [$"--Sidecar:Webroot={System.IO.Directory.CreateDirectory(Path.Combine(Directory, "webroot-" + name)).FullName}"];

        var stopped = await SidecarProcess.StartAsync("lb2", ConfigPath, slots[2].Address, slots[2].HttpPort, slots[2].PeerPort, Args("lb2"));
        await stopped.DisposeAsync();
        _blackhole = new BlackholePeer(new(slots[3].Address, slots[3].PeerPort));
        _garbage = new GarbagePeer(new(slots[4].Address, slots[4].PeerPort));
        var started = await Task.WhenAll(slots[..2].Select(s => SidecarProcess.StartAsync(s.Name, ConfigPath, s.Address, s.HttpPort, s.PeerPort, Args(s.Name))));
        _sidecars.AddRange(started);
    }

    public async Task DisposeAsync() => await ((IAsyncDisposable)this).DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (var s in _sidecars)
        {
            await s.DisposeAsync();
        }
        if (_blackhole is not null)
        {
            await _blackhole.DisposeAsync();
        }
        if (_garbage is not null)
        {
            await _garbage.DisposeAsync();
        }
        Http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public string Logs() => string.Join("\n", _sidecars.Select(s => $"--- {s.Name} ---\n{s.Output}"));
}
