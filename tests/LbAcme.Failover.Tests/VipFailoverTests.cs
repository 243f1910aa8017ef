using System.Diagnostics;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LbAcme.Failover.Tests;

/// <summary>
/// keepalived failover in network namespaces, with the configuration `lb-sidecar render keepalived` makes:
/// a stopped keepalived's VIPs move within the VRRP timers and ACME validation through them still works
/// (IPv6 and IPv4); a SIGKILLed one leaves a stale VIP that the rendered cleanup hook removes; an LB whose
/// HAProxy dies gives its VIPs to the next LB through the rendered track_script, and takes them back when
/// HAProxy returns.
/// </summary>
[Collection(NetnsFleetGroup.Name)]
public sealed class VipFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private NetnsFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await NetnsFleet.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [NetnsFact]
    public async Task A_stopped_keepalived_hands_its_VIPs_over_and_validation_through_them_still_succeeds()
    {
        var owners = NetnsFleet.Homes();
        await NetnsFleet.WaitForHoldersAsync(owners, TimeSpan.FromSeconds(40));
        const string vip6 = "2001:db8::2", vip4 = "198.51.100.2";
        var victim = owners[vip6];
        Assert.Equal(victim, owners[vip4]); // the same rotation slot holds VIP 2 in both families

        var clock = Stopwatch.StartNew();
        await Shell.RunAsync("kill", "-TERM", _fleet.Keepalived[victim].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var takeover = await WaitForNewHolderAsync(vip6, victim, clock);
        await WaitForNewHolderAsync(vip4, victim, clock);
        output.WriteLine($"SIGTERM takeover of {vip6}: {NetnsFleet.Format(takeover)} s (lb{victim} -> lb{(await NetnsFleet.HoldersAsync(vip6))[0]})");

        await using var engine = BuildEngine();
        var runner = engine.GetRequiredService<IRenewalRunner>();
        await PointNamesAsync(vip6, v6: true);
        var viaV6 = await runner.RunAsync(new RunRequest("failover-v6", $"lb{victim}", Force: true), CancellationToken.None);
        await PointNamesAsync(vip4, v6: false);
        var viaV4 = await runner.RunAsync(new RunRequest("failover-v4", $"lb{(victim + 1) % 3}", Force: true), CancellationToken.None);

        Assert.True(viaV6.Outcomes.Single().Outcome == LbOutcomeKind.Renewed, viaV6.Outcomes.Single().Detail + "\n" + _fleet.SidecarOutput);
        Assert.True(viaV4.Outcomes.Single().Outcome == LbOutcomeKind.Renewed, viaV4.Outcomes.Single().Detail);
        Assert.Single(await NetnsFleet.HoldersAsync(vip6));

        // HTTPS keeps working through the moved VIP (the new holder's HAProxy answers), and the renewed LB's own
        // HAProxy, still running, now serves the certificate its sidecar pulled.
        var viaVip = await TlsProbe.ServedSerialAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(vip6), NetnsFleet.HttpsPort), NetnsFleet.ServiceName);
        Assert.False(string.IsNullOrEmpty(viaVip));
        var renewedSerial = viaV6.Outcomes.Single().Serial!;
        Assert.Equal(renewedSerial, await ServedSerialEventuallyAsync(_fleet.TlsEndpoint($"lb{victim}")!, $"lb{victim}.{NetnsFleet.ServiceName}", renewedSerial));
    }

    [NetnsFact]
    public async Task A_SIGKILLed_keepalived_leaves_a_stale_VIP_that_the_rendered_cleanup_hook_removes()
    {
        var owners = NetnsFleet.Homes();
        await NetnsFleet.WaitForHoldersAsync(owners, TimeSpan.FromSeconds(40));
        const string vip = "2001:db8::3";
        var victim = owners[vip];

        var clock = Stopwatch.StartNew();
        // A crash as the kernel's OOM killer or `kill -9` does it: the VRRP child dies first, with no chance to
        // send priority 0 or remove its addresses (killing the parent first would let the child exit cleanly).
        // Both at once, so the parent cannot respawn the child.
        await Shell.RunAsync("kill", "-KILL", _fleet.VrrpChildPid(victim).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _fleet.Keepalived[victim].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var takeover = await WaitForNewHolderAsync(vip, victim, clock, staleAllowed: true);
        output.WriteLine($"SIGKILL takeover of {vip}: {NetnsFleet.Format(takeover)} s");
        var duplicate = await NetnsFleet.HoldersAsync(vip);
        Assert.Contains(victim, duplicate); // the dead node still has it: the stale duplicate the hook exists for

        await RunCleanupHookAsync(victim);

        var after = await NetnsFleet.HoldersAsync(vip);
        Assert.DoesNotContain(victim, after);
        Assert.Single(after);
        await _fleet.StartKeepalivedAsync(victim);
        await NetnsFleet.WaitForHoldersAsync(owners, TimeSpan.FromSeconds(30)); // back home, every VIP on exactly one LB
    }

    [NetnsFact]
    public async Task An_LB_whose_HAProxy_dies_hands_its_VIPs_to_the_next_LB_and_takes_them_back_when_HAProxy_returns()
    {
        var homes = NetnsFleet.Homes();
        await NetnsFleet.WaitForHoldersAsync(homes, TimeSpan.FromSeconds(40));
        const int victim = 1;
        var next = (victim + 1) % NetnsFleet.LbAddresses.Count;
        var held = homes.Where(h => h.Value == victim).Select(h => h.Key).ToList();
        Assert.Equal(["2001:db8::2", "198.51.100.2"], held);
        foreach (var vip in held)
        {
            Assert.True(await AnswersAsync(vip, TimeSpan.FromSeconds(10)), $"{vip} does not answer before the kill");
        }

        var clock = Stopwatch.StartNew();
        await Shell.RunAsync("kill", "-KILL", _fleet.HaProxyPid(victim).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var vip in held)
        {
            var moved = await WaitForNewHolderAsync(vip, victim, clock);
            Assert.Equal([next], await NetnsFleet.HoldersAsync(vip));
            Assert.True(await AnswersAsync(vip, TimeSpan.FromSeconds(10)), $"{vip} on lb{next} does not answer");
            output.WriteLine($"HAProxy killed on lb{victim}: {vip} on lb{next} after {NetnsFleet.Format(moved)} s, answering after {NetnsFleet.Format(clock.Elapsed)} s");
        }
        // Only the dead HAProxy's VIPs moved.
        foreach (var (vip, lb) in homes.Where(h => h.Value != victim))
        {
            Assert.Equal([lb], await NetnsFleet.HoldersAsync(vip));
        }

        // By design the VIPs come home: the instances leave FAULT after three good checks and the top priority preempts.
        clock.Restart();
        await _fleet.RestartHaProxyAsync(victim);
        await NetnsFleet.WaitForHoldersAsync(homes, TimeSpan.FromSeconds(20));
        output.WriteLine($"HAProxy back on lb{victim}: its VIPs home after {NetnsFleet.Format(clock.Elapsed)} s");
        foreach (var vip in held)
        {
            Assert.True(await AnswersAsync(vip, TimeSpan.FromSeconds(10)), $"{vip} back on lb{victim} does not answer");
        }
    }

    /// <summary>An HTTPS request through <paramref name="vip"/> gets the test HAProxy's 200 "ok" within <paramref name="within"/>.</summary>
    private static async Task<bool> AnswersAsync(string vip, TimeSpan within)
    {
        using var handler = new System.Net.Http.SocketsHttpHandler();
#pragma warning disable CA5359 // HAProxy serves its sidecar's bootstrap (self-signed) certificate; the test asks whether it answers, not who it is
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        using var client = new System.Net.Http.HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var address = System.Net.IPAddress.Parse(vip);
        var uri = new Uri($"https://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{vip}]" : vip)}:{NetnsFleet.HttpsPort}/");
        var until = Stopwatch.StartNew();
        while (until.Elapsed < within)
        {
            try
            {
                using var response = await client.GetAsync(uri);
                if (response.IsSuccessStatusCode && await response.Content.ReadAsStringAsync() == "ok")
                {
                    return true;
                }
            }
            catch (Exception e) when (e is System.Net.Http.HttpRequestException or TaskCanceledException)
            {
                // Not answering yet: the VIP is between LBs.
            }
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>Runs the ExecStopPost line of the rendered keepalived drop-in in the dead LB's namespace, as systemd would.</summary>
    private async Task RunCleanupHookAsync(int lb)
    {
        var rendered = await Shell.RunAsync(SidecarBinary.FileName, SidecarBinary.Arguments("render", "keepalived-dropin", "--lb", $"lb{lb}", "--config", _fleet.ConfigPath));
        var command = rendered.Split('\n').Single(l => l.StartsWith("ExecStopPost=", StringComparison.Ordinal))["ExecStopPost=-".Length..].Trim().Split(' ');
        var script = Path.Combine(TestTools.RepoRoot, "infra", "packaging", "keepalived-vip-cleanup");
        var result = await Shell.RunAsync("ip", ["netns", "exec", NetnsFleet.Namespace(lb), "sh", script, .. command[1..]]);
        output.WriteLine(result.Trim());
    }

    private static async Task<string> ServedSerialEventuallyAsync(System.Net.IPEndPoint endpoint, string serverName, string expected)
    {
        var served = string.Empty;
        for (var i = 0; i < 40 && served != expected; i++)
        {
            served = await TlsProbe.ServedSerialAsync(endpoint, serverName);
            if (served != expected)
            {
                await Task.Delay(250);
            }
        }
        return served;
    }

    private static async Task<TimeSpan> WaitForNewHolderAsync(string vip, int oldOwner, Stopwatch clock, bool staleAllowed = false)
    {
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            var holders = await NetnsFleet.HoldersAsync(vip);
            if (holders.Any(h => h != oldOwner) && (staleAllowed || !holders.Contains(oldOwner)))
            {
                return clock.Elapsed;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{vip} did not move away from lb{oldOwner} within 20 s");
    }

    private async Task PointNamesAsync(string vip, bool v6)
    {
        foreach (var name in new[] { NetnsFleet.ServiceName }.Concat(Enumerable.Range(0, 3).Select(i => $"lb{i}.{NetnsFleet.ServiceName}")))
        {
            await _fleet.Pebble.ClearAddressRecordsAsync(name);
            if (v6)
            {
                await _fleet.Pebble.SetAaaaRecordsAsync(name, vip);
            }
            else
            {
                await _fleet.Pebble.SetARecordsAsync(name, vip);
            }
        }
    }

    private ServiceProvider BuildEngine()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRenewalEngine(new ConfigurationBuilder().AddInMemoryCollection(_fleet.EngineSettings()).Build());
        return services.BuildServiceProvider();
    }
}
