using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fakes;
using Xunit;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>
/// Two real sidecars (lb0 is the one under attack, lb1 holds the tokens) and lb2, a peer that answers probes and
/// hangs on challenge requests. lb0's caps are small so a bounded flood reaches them: 40 fan-outs, 10 per source,
/// 8 requests per peer, a 3 s read timeout (how long the hanging peer holds each request).
/// </summary>
public sealed class HangingPeerFleet : IAsyncLifetime, IAsyncDisposable
{
    public const int MaxFanOuts = 40;
    public const int MaxFanOutsPerSource = 10;
    public const int MaxRequestsPerPeer = 8;

    private readonly List<SidecarProcess> _sidecars = [];
    private HangingPeer? _hanging;

    public string Directory { get; } = TestTools.NewScratchDirectory("hanging");

    public SidecarProcess Lb0 => _sidecars[0];

    public string Lb1Webroot => Path.Combine(Directory, "webroot-lb1");

    public HangingPeer Hanging => _hanging!;

    public HttpClient Http { get; } = SidecarHttp.Create();

    public async Task InitializeAsync()
    {
        var slots = new[] { FleetConfig.Slot("lb0", "127.0.4.1"), FleetConfig.Slot("lb1", "127.0.4.2"), FleetConfig.Slot("lb2", "127.0.4.3") };
        var config = FleetConfig.Write(Directory, slots);
        string[] Args(string name) =>
        [
            $"--Sidecar:Webroot={System.IO.Directory.CreateDirectory(Path.Combine(Directory, "webroot-" + name)).FullName}",
            $"--Sidecar:Limits:MaxConcurrentFanOuts={MaxFanOuts}",
            $"--Sidecar:Peers:MaxFanOutsPerSource={MaxFanOutsPerSource}",
            $"--Sidecar:Peers:MaxRequestsPerPeer={MaxRequestsPerPeer}",
            "--Sidecar:Peers:ReadTimeout=00:00:03",
        ];
        _hanging = new HangingPeer(new(slots[2].Address, slots[2].PeerPort));
        var started = await Task.WhenAll(slots[..2].Select(s => SidecarProcess.StartAsync(s.Name, config, s.Address, s.HttpPort, s.PeerPort, Args(s.Name))));
        _sidecars.AddRange(started);
    }

    public async Task DisposeAsync() => await ((IAsyncDisposable)this).DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        foreach (var s in _sidecars)
        {
            await s.DisposeAsync();
        }
        if (_hanging is not null)
        {
            await _hanging.DisposeAsync();
        }
        Http.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    public string Logs() => string.Join("\n", _sidecars.Select(s => $"--- {s.Name} ---\n{s.Output}"));
}
