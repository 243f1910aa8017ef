using System.Diagnostics;
using System.Globalization;
using LbAcme.LocalEnvironment;
using Xunit;
using Xunit.Abstractions;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// Measures, does not assert timing: from a new certificate in the store to HAProxy serving it (lb3, its own
/// sidecar and HAProxy). Interval and samples come from LBACME_CERTSYNC_MEASURE_INTERVAL (default 00:00:01) and
/// LBACME_CERTSYNC_MEASURE_SAMPLES (default 3); up to a 10 s interval each sample lands at a random point of the
/// poll cycle (longer ones measure the worst case: right after a round). The figures go to the test output and, if set, to the file
/// LBACME_CERTSYNC_MEASURE_OUT.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class StoreToServingMeasurement(CertificateSyncEnvironment env, ITestOutputHelper output)
{
    [Fact]
    public async Task Time_from_a_new_certificate_in_the_store_to_HAProxy_serving_it()
    {
        var interval = TimeSpan.Parse(Environment.GetEnvironmentVariable("LBACME_CERTSYNC_MEASURE_INTERVAL") ?? "00:00:01", CultureInfo.InvariantCulture);
        var samples = int.Parse(Environment.GetEnvironmentVariable("LBACME_CERTSYNC_MEASURE_SAMPLES") ?? "3", CultureInfo.InvariantCulture);
        await using var sidecar = await env.StartSidecarAsync("lb3", env.SyncArguments("lb3", env.Azurite.ConnectionString, env.SocketPath("lb3"), reload: "",
            interval: interval.ToString("c", CultureInfo.InvariantCulture)));
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(File.Exists(env.PemPath("lb3"))), TimeSpan.FromSeconds(20), "lb3 bootstrap PEM", sidecar);
        await using var haproxy = await env.StartHaProxyAsync("lb3");

        var figures = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var issued = env.IssueNext();
            if (interval <= TimeSpan.FromSeconds(10))
            {
                // Land at a random point of the poll cycle, as a renewal would, not right after a deploy.
#pragma warning disable CA5394 // timing jitter, not security
                await Task.Delay(interval * Random.Shared.NextDouble());
#pragma warning restore CA5394
            }
            // The clock must start while HAProxy still serves the previous certificate, or it measures nothing.
            Assert.NotEqual(issued.Serial, await TlsProbe.ServedSerialAsync(haproxy.Endpoint, CertificateSyncEnvironment.ServiceName));
            var clock = Stopwatch.StartNew();
            await env.PutCertificateAsync("lb3", issued.Bundle);
            while (await TlsProbe.ServedSerialAsync(haproxy.Endpoint, CertificateSyncEnvironment.ServiceName) != issued.Serial)
            {
                Assert.True(clock.Elapsed < interval + TimeSpan.FromSeconds(30), $"not served after {clock.Elapsed}\n{sidecar.Output}");
                await Task.Delay(25);
            }
            figures.Add(clock.Elapsed.TotalMilliseconds);
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"store-to-serving at interval {interval:c}: {string.Join(", ", figures.Select(f => $"{f:0} ms"))} (mean {figures.Average():0} ms, max {figures.Max():0} ms)");
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("LBACME_CERTSYNC_MEASURE_OUT") is { Length: > 0 } file)
        {
            await File.AppendAllTextAsync(file, line + "\n");
        }
    }
}
