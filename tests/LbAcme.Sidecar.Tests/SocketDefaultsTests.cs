using System.Net;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>
/// The sidecar runs one socket event loop (SocketRuntimeDefaults) unless the operator says otherwise, and serves
/// the same either way.
/// </summary>
public sealed class SocketDefaultsTests
{
    private const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";
    private const string SocketThread = ".NET Sockets";

    [Fact]
    public async Task One_socket_event_loop_by_default()
    {
        await using var sidecar = await StartAsync(environment: null);

        Assert.Equal(1, sidecar.ThreadsNamed(SocketThread));
        await AssertServesAsync(sidecar);
    }

    [Fact]
    public async Task The_operators_thread_count_wins()
    {
        await using var sidecar = await StartAsync(new Dictionary<string, string> { [ThreadCount] = "3" });

        Assert.Equal(3, sidecar.ThreadsNamed(SocketThread));
        await AssertServesAsync(sidecar);
    }

    private static async Task<SidecarProcess> StartAsync(IReadOnlyDictionary<string, string>? environment)
    {
        var slot = FleetConfig.Slot("lb1", "127.0.0.1");
        var webroot = TestTools.NewScratchDirectory("socket-defaults");
        var config = FleetConfig.Write(webroot, [slot, FleetConfig.Slot("lb2", "127.0.0.2")]);
        await File.WriteAllTextAsync(Path.Combine(webroot, "socketDefaultsToken"), "socketDefaultsToken.thumb");
        return await SidecarProcess.StartAsync(slot.Name, config, slot.Address, slot.HttpPort, slot.PeerPort,
            [$"--Sidecar:Webroot={webroot}", "--Logging:LogLevel:Default=Warning"], environment);
    }

    private static async Task AssertServesAsync(SidecarProcess sidecar)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(sidecar.PeerUri("/.well-known/acme-challenge/socketDefaultsToken"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("socketDefaultsToken.thumb", await response.Content.ReadAsStringAsync());
    }
}
