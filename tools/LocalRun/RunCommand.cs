using System.Globalization;
using System.Runtime.InteropServices;
using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;

namespace LbAcme.LocalRun;

/// <summary>
/// The main job on one machine: a fleet of LBs on loopback, Pebble validating through round-robin DNS,
/// and the function app's stand-in host firing the renewal timer once, as its own process: one queue message per LB,
/// one RenewLb invocation each, through Azurite's real queue.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int count;
        int certificates;
        try
        {
            count = Options.Int(args, "--lbs", 3, 1, 50);
            certificates = Options.Int(args, "--certificates", 0, 0, 10);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        var keep = Options.Flag(args, "--keep");
        var netns = Options.Flag(args, "--netns");
        if (netns && count != 3)
        {
            await Console.Error.WriteLineAsync("--netns runs the reference layout: 3 LBs, VIPs 2001:db8::1-3 and 198.51.100.1-3.");
            return 2;
        }
        if (netns && certificates > 0)
        {
            await Console.Error.WriteLineAsync("--certificates runs on loopback only, not with --netns.");
            return 2;
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // A --keep fleet stopped with kill (or by a service manager) tears down like Ctrl-C: the default ending leaves
        // every child (Azurite, Pebble, sidecars, HAProxies, the stand-in host) running without a parent.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Progress.Step(netns
            ? "starting 3 LB network namespaces (keepalived + lb-sidecar each, IPv6 VIPs 2001:db8::1-3), Azurite and Pebble"
            : $"starting Azurite, Pebble and {count} LBs (lb-sidecar on 127.{LocalFleet.ProcessOctet}.200.1-{count}){(certificates > 0 ? $", {certificates} certificates each (HAProxy binds with a crt-list)" : "")}");
        await using ILocalFleet fleet = netns ? await NetnsFleet.StartAsync() : await LocalFleet.StartAsync(count, subnet: 200, withHaProxy: true, certificates: certificates);
        if (netns)
        {
            await NetnsFleet.WaitForHoldersAsync(NetnsFleet.Homes(), TimeSpan.FromSeconds(40));
            Progress.Step("keepalived: every VIP is on its home LB");
        }
        var plan = await fleet.ApplyRoundRobinDnsAsync(new Random());
        foreach (var (host, lb) in plan)
        {
            Progress.Step($"DNS: {host} -> {lb}");
        }
        Progress.Step("firing the renewal timer once through the function app's stand-in host and the queue (LbAcme.Functions local --once)");
        var runnerOk = await FireTimerAsync(fleet, stop.Token);
        var rows = await ReadRowsAsync(fleet, plan);
        Progress.Step("waiting for each sidecar to hot-swap its certificate into its HAProxy");
        rows = await ServingAsync(fleet, rows);
        Report.Print(rows);
        Progress.Step("starting the function app's stand-in host serving its HTTP functions (LbAcme.Functions local --serve --no-timer)");
        await using var statusHost = await StartStatusHostAsync(fleet);
        if (statusHost is not null)
        {
            await ServedTable.PrintAsync(statusHost, TimeProvider.System, stop.Token);
        }
        var good = rows.Count(r => r.Good);
        Console.WriteLine(certificates > 0
            ? $"{good} of {rows.Count} (load balancer, certificate) pairs serve their own certificate"
            : $"{good} of {rows.Count} load balancers serve their own certificate");
        if (keep && !stop.IsCancellationRequested)
        {
            Progress.Step($"--keep: fleet stays up (config {fleet.ConfigPath}); Ctrl-C stops everything");
            if (statusHost is not null)
            {
                Console.WriteLine($"status page: {statusHost.StatusUrl} (open in a browser)");
            }
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        Progress.Step("stopping everything");
        // The served table informs; the verdict stays what it was: every LB serves its own certificate.
        return runnerOk && good == rows.Count ? 0 : 1;
    }

    /// <summary>The stand-in host with --serve, or null (said on stderr) when it did not start: the run's own verdict does not depend on it.</summary>
    private static async Task<StatusServer?> StartStatusHostAsync(ILocalFleet fleet)
    {
        try
        {
            return await StatusServer.StartAsync(fleet.EngineSettings(), timer: false, TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Progress.Step($"the stand-in host did not serve, so no status table or page: {e.Message}");
            return null;
        }
    }

    /// <summary>A real TLS handshake with each LB's HAProxy (SNI = its own name): does it present the serial that was issued?</summary>
    private static async Task<List<Report.Row>> ServingAsync(ILocalFleet fleet, List<Report.Row> rows)
    {
        var checkedRows = new List<Report.Row>();
        foreach (var row in rows)
        {
            var endpoint = fleet.TlsEndpoint(row.Lb)!;
            var served = await ServedSerial.WaitForAsync(endpoint, row.SniName ?? $"{row.Lb}.{LocalFleet.ServiceName}", row.Serial);
            var serves = row.Good && served == row.Serial;
            checkedRows.Add(row with
            {
                Serving = serves ? $"yes ({endpoint})" : $"no: serves {served}",
                Good = serves,
            });
        }
        return checkedRows;
    }

    private static async Task<bool> FireTimerAsync(ILocalFleet fleet, CancellationToken cancellationToken)
    {
        var (exit, output) = await RenewalTimer.FireOnceAsync(fleet, environment: null, TimeSpan.FromMinutes(5), cancellationToken);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            Progress.Step("  " + line.TrimEnd());
        }
        return exit == 0;
    }

    private static async Task<List<Report.Row>> ReadRowsAsync(ILocalFleet fleet, Dictionary<string, string> plan)
    {
        if (fleet is LocalFleet { Certificates.Count: > 0 } several)
        {
            return await ReadCertificateRowsAsync(several, plan);
        }
        var store = new BlobCertificateStore(fleet.CertificateContainer);
        var rows = new List<Report.Row>();
        foreach (var lb in fleet.LbNames)
        {
            var via = $"svc->{plan[LocalFleet.ServiceName]}, {lb}.svc->{plan[$"{lb}.{LocalFleet.ServiceName}"]}";
            var stored = await store.GetAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, lb), CancellationToken.None);
            if (stored is null)
            {
                rows.Add(new Report.Row(lb, "-", "-", via, "no certificate", "-", false));
                continue;
            }
            using var bundle = CertificateBundle.Parse(stored.Pem);
            var names = bundle.Leaf.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToList();
            var own = names.Contains($"{lb}.{LocalFleet.ServiceName}");
            rows.Add(new Report.Row(lb, bundle.Leaf.SerialNumber, bundle.Leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                via, own ? "own name and key" : "names do not match", "-", own));
        }
        return rows;
    }

    /// <summary>One row per (LB, certificate): the LB's copy in the store, which must cover the certificate's names (and the LB's own where it carries it).</summary>
    private static async Task<List<Report.Row>> ReadCertificateRowsAsync(LocalFleet fleet, Dictionary<string, string> plan)
    {
        var store = new BlobCertificateStore(fleet.CertificateContainer);
        var rows = new List<Report.Row>();
        foreach (var lb in fleet.LbNames)
        {
            foreach (var certificate in fleet.Certificates)
            {
                var sni = certificate.SniName(lb);
                var via = string.Join(", ", certificate.Names.Select(n => $"{n.Split('.')[0]}->{plan.GetValueOrDefault(n, "lb0")}"));
                var stored = await store.GetAsync(LocalFleet.StoreName(certificate.Name, lb), CancellationToken.None);
                if (stored is null)
                {
                    rows.Add(new Report.Row(lb, "-", "-", via, "no certificate", "-", false, certificate.Name, sni));
                    continue;
                }
                using var bundle = CertificateBundle.Parse(stored.Pem);
                var names = bundle.Leaf.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames()).ToHashSet();
                var covers = certificate.Names.All(names.Contains) && names.Contains(sni);
                rows.Add(new Report.Row(lb, bundle.Leaf.SerialNumber, bundle.Leaf.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    via, covers ? "its names" : "names do not match", "-", covers, certificate.Name, sni));
            }
        }
        return rows;
    }
}
