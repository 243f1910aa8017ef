using System.Net;
using System.Net.Sockets;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// A reload with a configuration that cannot be read, fails validation or needs a port that is taken is refused: its
/// errors are logged, one line each naming the field, and the running configuration keeps serving; the daemon still
/// stops with exit code 0 afterwards.
/// </summary>
public sealed class ReloadRefusalTests
{
    private static readonly string[] NotANetwork = ["not-a-network"];

    [Fact]
    public async Task Broken_files_are_refused_with_their_errors_and_the_running_configuration_keeps_serving()
    {
        var self = ReloadingSidecar.Slot("lb0", "127.0.42.1");
        await using var sidecar = await ReloadingSidecar.StartAsync(self, new { });
        using var http = SidecarHttp.Create();
        using var taken = new TcpListener(self.Address, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;

        await sidecar.RewriteRawAsync("{ \"Fleet\": { \"Names\": [\"svc.example.test\" ");
        await ReloadRefusedAsync(sidecar, 1, "Reload refused, the running configuration keeps serving: cannot read the configuration");
        sidecar.Rewrite([self], new { Peers = new { AllowedNetworks = NotANetwork } });
        await ReloadRefusedAsync(sidecar, 2, "Sidecar:Peers:AllowedNetworks[0]: 'not-a-network'");
        sidecar.Rewrite([self], new { StorePollInterval = "banana" });
        await ReloadRefusedAsync(sidecar, 3, "Sidecar:StorePollInterval");
        sidecar.Rewrite([self with { PeerPort = takenPort }], new { });
        await ReloadRefusedAsync(sidecar, 4, $"cannot listen on {self.Address}:{takenPort}");

        using var request = new HttpRequestMessage(HttpMethod.Get, sidecar.Process.PublicUri("/still"));
        request.Headers.Host = "svc.example.test";
        using var redirected = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.True(await FreePort.IsListeningAsync(new IPEndPoint(self.Address, self.PeerPort)), "the running peer port is still open");
        Assert.DoesNotContain("Reloaded: configuration", sidecar.Process.Output, StringComparison.Ordinal);

        await sidecar.SignalAsync("TERM");
        Assert.Equal(0, await sidecar.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(await sidecar.Notify.WaitForAsync("STOPPING=1", 1, TimeSpan.FromSeconds(5)));
    }

    /// <summary>Reloads, and checks the reload was refused (systemd told READY=1 again) with <paramref name="logged"/> in the log.</summary>
    private static async Task ReloadRefusedAsync(ReloadingSidecar sidecar, int reload, string logged)
    {
        Assert.True(await sidecar.ReloadAsync(), "the daemon did not survive a refused reload:\n" + sidecar.Process.Output);
        Assert.True(await sidecar.Notify.WaitForAsync("READY=1", reload + 1, TimeSpan.FromSeconds(10)), "no READY=1 after the refused reload");
        Assert.Contains(logged, sidecar.Process.Output, StringComparison.Ordinal);
        Assert.Contains("STATUS=Reload refused", sidecar.Notify.Messages[^1], StringComparison.Ordinal);
    }
}
