using System.Globalization;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>lb1, whose store is a closed port: it keeps HAProxy serving what it has and retries with growing backoff.</summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class StoreOutageTests(CertificateSyncEnvironment env)
{
    [Fact]
    public async Task With_the_store_unreachable_HAProxy_keeps_serving_and_the_sidecar_backs_off()
    {
        var deployed = env.IssueNext();
        Directory.CreateDirectory(Path.GetDirectoryName(env.PemPath("lb1"))!);
        await File.WriteAllTextAsync(env.PemPath("lb1"), deployed.Bundle);
        await using var haproxy = await env.StartHaProxyAsync("lb1");
        // Bound and never listening: connections are refused, and no other program can take the port meanwhile.
        using var closed = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        closed.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var closedPort = ((System.Net.IPEndPoint)closed.LocalEndPoint!).Port;
        var unreachable = env.Azurite.ConnectionString.Replace($":{env.Azurite.Port}/", $":{closedPort.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal);
        Assert.NotEqual(env.Azurite.ConnectionString, unreachable);
        await using var sidecar = await env.StartSidecarAsync("lb1", env.SyncArguments("lb1", unreachable, env.SocketPath("lb1"), reload: ""));
        using var http = SidecarHttp.Create();

        MetricsScrape metrics = null!;
        await CertificateSyncEnvironment.WaitForAsync(async () =>
        {
            metrics = await MetricsScrape.ReadAsync(http, sidecar.MetricsUri);
            return metrics.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"store_failed\"") >= 4;
        }, TimeSpan.FromSeconds(40), "four failed store rounds", sidecar);

        // Backoff grew past the first retry delay (0.2 s, ±20 %) and stays within MaxBackoff (1.6 s).
        Assert.InRange(metrics.Sum("lbacme_sidecar_certificate_retry_delay_seconds"), 0.5, 1.6);
        Assert.Equal(0, metrics.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"bootstrapped\""));
        // Four failed rounds, one line: the outage is logged when it starts, not per retry.
        Assert.True(CountOccurrences(sidecar.Output, "Certificate sync of default failing: ") == 1, sidecar.Output);
        Assert.Equal(deployed.Serial, await TlsProbe.ServedSerialAsync(haproxy.Endpoint, CertificateSyncEnvironment.ServiceName));
        Assert.Equal(deployed.Bundle, await File.ReadAllTextAsync(env.PemPath("lb1")));
    }

    private static int CountOccurrences(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
