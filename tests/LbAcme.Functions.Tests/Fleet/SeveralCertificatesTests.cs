using System.Net;
using Azure.Storage.Queues;
using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Functions.Local;
using LbAcme.Functions.Queue;
using LbAcme.LocalEnvironment;
using Xunit.Abstractions;

namespace LbAcme.Functions.Tests.Fleet;

/// <summary>
/// Issue 16's first "done means": the local fleet with three certificates on three LBs, every LB's HAProxy bound to
/// its sidecar's crt-list. Each (LB, SNI name) must present the certificate whose serial the store holds for that
/// (certificate, LB), checked by real TLS handshakes after first issuance, after one certificate is force-renewed
/// (a queue message naming it), after a certificate is added to fleet.json and after one is removed; meanwhile a
/// loop of handshakes against every LB for every certificate's name must see no failure, and no HAProxy is
/// reloaded (the same process, and its Runtime API's <c>show info</c> says so).
/// </summary>
public sealed class SeveralCertificatesTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_LBs_serve_the_right_one_of_three_certificates_per_SNI_through_issue_renew_add_and_remove_without_a_reload_or_a_failed_handshake()
    {
        await using var fleet = await LocalFleet.StartAsync(count: 3, withHaProxy: true, certificates: 3);
        var store = new BlobCertificateStore(fleet.CertificateContainer);
        var started = fleet.LbNames.ToDictionary(lb => lb, lb => fleet.HaProxies[fleet.LbNames.ToList().IndexOf(lb)].ProcessId);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var loop = HandshakeLoop.Start(Targets(fleet), maxRunTime: TimeSpan.FromMinutes(40));
        await using (loop)
        {
            // 1. First issuance: one timer run, every LB gets each of its three certificates.
            await FireTimerAsync(fleet, "first issuance");
            var issued = await ServedAsIssuedAsync(fleet, store, "after first issuance");

            // 2. One certificate force-renewed on every LB: a queue message per LB naming it; the others stay. The one
            // carrying each LB's own name: its name set differs per LB, while c1's three copies share one set, and a
            // second round of those would pass Let's Encrypt's 5 per exact set per 7 days, which the budget refuses.
            var renewed = fleet.Certificates[0].Name;
            await ForceRenewAsync(fleet, renewed);
            var afterRenewal = await ServedAsIssuedAsync(fleet, store, $"after {renewed} was renewed");
            foreach (var ((lb, certificate), serial) in afterRenewal)
            {
                if (certificate == renewed)
                {
                    Assert.True(serial != issued[(lb, certificate)], $"{lb} {certificate}: not renewed ({serial})");
                }
                else
                {
                    Assert.Equal(issued[(lb, certificate)], serial);
                }
            }

            // 3. A certificate added to fleet.json: the sidecars pick it up without a restart, the next run issues it.
            var added = await fleet.AddCertificateAsync();
            loop.Retarget(Targets(fleet));
            await FireTimerAsync(fleet, $"after {added.Name} was added");
            var afterAdd = await ServedAsIssuedAsync(fleet, store, $"after {added.Name} was added");
            Assert.All(fleet.LbNames, lb => Assert.True(afterAdd.ContainsKey((lb, added.Name))));
            Assert.All(afterRenewal, pair => Assert.Equal(pair.Value, afterAdd[pair.Key]));

            // 4. A certificate removed from fleet.json: each HAProxy stops presenting it; the rest are served as before.
            var removed = fleet.Certificates[2];
            await fleet.RemoveCertificateAsync(removed.Name);
            loop.Retarget(Targets(fleet));
            await ServedAsIssuedAsync(fleet, store, $"after {removed.Name} was removed");
            foreach (var lb in fleet.LbNames)
            {
                var gone = afterAdd[(lb, removed.Name)];
                var served = await WaitUntilNotServedAsync(fleet.TlsEndpoint(lb)!, removed.SniName(lb), gone);
                output.WriteLine($"{lb} SNI {removed.SniName(lb)} (removed {removed.Name}, was {gone}): now serves {served}");
                Assert.True(served != gone, $"{lb} still presents the removed certificate {removed.Name} ({gone})");
            }

            var runtime = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            await loop.DisposeAsync();
            output.WriteLine($"{loop.Handshakes} handshakes in {runtime.TotalSeconds:0} s, {loop.Failures.Count} failed");
            foreach (var failure in loop.Failures.Take(20))
            {
                output.WriteLine("  " + failure);
            }
            Assert.Empty(loop.Failures);
            Assert.True(loop.Handshakes > 100, $"only {loop.Handshakes} handshakes: the loop did not run");
            foreach (var (lb, haproxy) in fleet.LbNames.Zip(fleet.HaProxies))
            {
                var (pid, uptime) = await RuntimeInfo.ShowAsync(haproxy.SocketPath);
                output.WriteLine($"{lb}: HAProxy pid {pid}, up {uptime} s");
                Assert.False(haproxy.HasExited, $"{lb}: HAProxy exited:\n{haproxy.Output}");
                Assert.Equal(started[lb], pid);
                Assert.True(uptime >= (long)runtime.TotalSeconds - 1, $"{lb}: HAProxy up {uptime} s of a {runtime.TotalSeconds:0} s test: restarted");
            }
        }
    }

    /// <summary>Every LB with every certificate's SNI name (the first certificate's is the LB's own name).</summary>
    private static List<(IPEndPoint, string)> Targets(LocalFleet fleet) =>
        [.. fleet.LbNames.SelectMany(lb => fleet.Certificates.Select(c => (fleet.TlsEndpoint(lb)!, c.SniName(lb))))];

    /// <summary>Each (LB, certificate) copy in the store, and that the LB's HAProxy presents exactly it for that certificate's name.</summary>
    private async Task<Dictionary<(string Lb, string Certificate), string>> ServedAsIssuedAsync(LocalFleet fleet, BlobCertificateStore store, string when)
    {
        var serials = new Dictionary<(string, string), string>();
        var wrong = new List<string>();
        foreach (var lb in fleet.LbNames)
        {
            foreach (var certificate in fleet.Certificates)
            {
                var stored = await store.GetAsync(LocalFleet.StoreName(certificate.Name, lb), CancellationToken.None);
                if (stored is null)
                {
                    wrong.Add($"{lb} {certificate.Name}: nothing in the store as {LocalFleet.StoreName(certificate.Name, lb)}");
                    continue;
                }
                using var bundle = CertificateBundle.Parse(stored.Pem);
                var serial = bundle.Leaf.SerialNumber;
                serials[(lb, certificate.Name)] = serial;
                var served = await ServedSerial.WaitForAsync(fleet.TlsEndpoint(lb)!, certificate.SniName(lb), serial);
                output.WriteLine($"{when}: {lb} SNI {certificate.SniName(lb)}: stored {serial}, served {served}");
                if (served != serial)
                {
                    wrong.Add($"{lb} SNI {certificate.SniName(lb)}: presents {served}, the store holds {serial} for {certificate.Name}");
                }
            }
        }
        var sidecars = string.Join("\n", fleet.Sidecars.Select(s => $"--- {s.Name} ---\n{s.Output}"));
        Assert.True(wrong.Count == 0, $"{when}:\n{string.Join("\n", wrong)}\n{sidecars}");
        return serials;
    }

    private async Task FireTimerAsync(LocalFleet fleet, string when)
    {
        var (exit, runnerOutput) = await RenewalTimer.FireOnceAsync(fleet, environment: null, TimeSpan.FromMinutes(8), CancellationToken.None);
        output.WriteLine($"renewal run ({when}):\n{runnerOutput}");
        Assert.True(exit == 0, $"the renewal runner exited {exit} ({when}):\n{runnerOutput}");
    }

    /// <summary>A forced renewal of one certificate on every LB: the queue message's optional <c>certificate</c>, worked by the stand-in host.</summary>
    private async Task ForceRenewAsync(LocalFleet fleet, string certificate)
    {
        var queue = new QueueClient(fleet.Azurite.ConnectionString, RenewalQueueContract.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        foreach (var lb in fleet.LbNames)
        {
            await queue.SendMessageAsync(new RenewalMessage(lb, "test", Force: true, DateTimeOffset.UtcNow, certificate).ToJson());
        }
        output.WriteLine($"forced renewal of {certificate}: one message per LB, worked by the stand-in host");
        await using var host = await LocalFunctionsHost.StartAsync([.. fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}")], CancellationToken.None);
        Assert.True(await host.DrainAndReportAsync(TimeSpan.FromMinutes(8), CancellationToken.None), $"forced renewal of {certificate}: the queue did not drain, or an LB failed");
    }

    private static async Task<string> WaitUntilNotServedAsync(IPEndPoint endpoint, string sniName, string serial)
    {
        var served = serial;
        for (var attempt = 0; attempt < 60 && served == serial; attempt++)
        {
            await Task.Delay(500);
            served = await TlsProbe.ServedSerialAsync(endpoint, sniName);
        }
        return served;
    }
}
