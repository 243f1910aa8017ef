using LbAcme.Sidecar.Tests.CertificateSync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>status/{lb} carries the sidecar's poll interval, so the function's status knows how long a rollout may take there.</summary>
[Collection(MetricsGroup.Name)]
public sealed class StatusIntervalTests(MetricsFleet fleet)
{
    [Fact]
    public async Task The_status_report_carries_the_certificate_sync_interval()
    {
        await using var sidecar = await fleet.StartAsync("lb2", ["--Sidecar:CertificateSync:Interval=00:00:00.750"]);
        await CertificateSyncEnvironment.WaitForAsync(async () => (await fleet.ReadStatusAsync("lb2"))?.SyncIntervalSeconds == 0.75,
            TimeSpan.FromSeconds(20), "status/lb2 with syncIntervalSeconds 0.75", sidecar);

        Assert.Equal(0.75, (await fleet.ReadStatusAsync("lb2"))!.SyncIntervalSeconds);
    }
}
