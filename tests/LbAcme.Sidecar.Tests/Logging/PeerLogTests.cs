using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>A peer that stops and starts again is one line each on the LB that probes it, however many probes fail between.</summary>
[Collection(LoggingGroup.Name)]
public sealed class PeerLogTests(LoggingEnvironment env)
{
    [Fact]
    public async Task A_peer_going_down_and_up_is_one_line_each()
    {
        var (slots, config, directory) = env.NewFleet("peers", "127.0.7.21", "127.0.7.22");
        string[] Arguments(string lb) => [$"--Sidecar:Webroot={Directory.CreateDirectory(Path.Combine(directory, lb)).FullName}", "--Sidecar:Peers:ProbeInterval=00:00:00.200"];
        await using var lb0 = await SidecarProcess.StartAsync("lb0", config, slots[0].Address, slots[0].HttpPort, slots[0].PeerPort, Arguments("lb0"));
        var lb1 = await SidecarProcess.StartAsync("lb1", config, slots[1].Address, slots[1].HttpPort, slots[1].PeerPort, Arguments("lb1"));
        var window = new LogWindow(lb0);

        await lb1.DisposeAsync();
        await LoggingEnvironment.WaitForAsync(async () => (await LoggingEnvironment.MetricsAsync(lb0)).Sum("lbacme_sidecar_peer_health", "peer=\"lb1\"") == 0, "lb1 down", lb0);
        // Starting it again takes many probe intervals, each a failed probe of a peer already known down.
        await using var again = await SidecarProcess.StartAsync("lb1", config, slots[1].Address, slots[1].HttpPort, slots[1].PeerPort, Arguments("lb1"));
        await LoggingEnvironment.WaitForAsync(async () => (await LoggingEnvironment.MetricsAsync(lb0)).Sum("lbacme_sidecar_peer_health", "peer=\"lb1\"") == 2, "lb1 up", lb0);
        await LoggingEnvironment.WaitForAsync(() => Task.FromResult(window.Count("Peer lb1 answers again") > 0), "the up line", lb0);

        var lines = window.Lines();
        Assert.True(lines.Count == 2, window.Describe());
        Assert.Contains("Peer lb1 is down", lines[0], StringComparison.Ordinal);
        Assert.Contains("every 200ms", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"Peer lb1 answers again after \d", lines[1]);
    }
}
