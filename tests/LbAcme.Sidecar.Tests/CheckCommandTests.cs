using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

[Collection(ThreeSidecarFleetGroup.Name)]
public sealed class CheckCommandTests(ThreeSidecarFleet fleet)
{
    [Fact]
    public async Task Check_on_a_fleet_without_a_certificate_store_passes_every_peer_and_the_store_and_says_sync_is_off()
    {
        var result = await CommandRunner.RunSidecarAsync(
            ["check", "--config", fleet.ConfigPath, "--Sidecar:LoadBalancer=lb0", "--Sidecar:ListenAddress=127.0.1.1", .. fleet.StoreArguments]);

        // The fleet names no certificate store: HAProxy would never get a certificate, the one problem.
        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        Assert.Matches(@"CHECK\s+ADDRESS\s+REACHABLE\s+LATENCY", result.StandardOutput);
        Assert.Matches(@"lb0 \(self\)\s+127\.0\.1\.1:\d+\s+yes\s+\d+ ms\s+ok", result.StandardOutput);
        Assert.Matches(@"lb1\s+127\.0\.1\.2:\d+\s+yes", result.StandardOutput);
        Assert.Matches(@"lb2\s+127\.0\.1\.3:\d+\s+yes", result.StandardOutput);
        Assert.Matches(@"store\s+lb-acme\s+yes", result.StandardOutput);
        Assert.Matches(@"certificate sync\s+-\s+no\s+0 ms\s+FAIL\s+off: HAProxy will keep its bootstrap certificate; no certificate store is configured", result.StandardOutput);
        Assert.Contains("1 problem(s)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_from_an_address_the_peers_refuse_fails()
    {
        // 127.0.0.1 is outside the fleet's allow-list (127.0.1.0/24): every peer closes the connection on accept.
        var result = await CommandRunner.RunSidecarAsync("check", "--config", fleet.ConfigPath, "--Sidecar:LoadBalancer=lb0", "--Sidecar:ListenAddress=127.0.0.1");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"lb1\s+127\.0\.1\.2:\d+\s+yes\s+\d+ ms\s+FAIL\s+closed without an answer: its allow-list", result.StandardOutput);
    }
}
