using System.Globalization;
using LbAcme.Core.Served;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Served;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Failover.Tests;

/// <summary>
/// The served-certificate probe over the namespace fleet, wired from the engine's settings as the function app wires
/// it: every VIP (IPv6 and IPv4) and every LB's own IPv6 address on 443, answered by whichever HAProxy holds it; an LB
/// whose HAProxy is gone is a refused finding on its own address, and the run still covers everything else.
/// </summary>
[Collection(NetnsFleetGroup.Name)]
public sealed class ServedProbeNetnsTests : IAsyncLifetime
{
    private NetnsFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await NetnsFleet.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [NetnsFact]
    public async Task Every_VIP_and_LB_address_is_probed_on_443_with_IPv6_in_brackets_and_a_dead_HAProxy_is_a_finding()
    {
        await NetnsFleet.WaitForHoldersAsync(NetnsFleet.Homes(), TimeSpan.FromSeconds(40));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_fleet.EngineSettings()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRenewalEngine(configuration);
        services.AddServedProbe(configuration);
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var probe = provider.GetRequiredService<IServedProbe>();

        var report = await probe.RunAsync(CancellationToken.None);

        string[] vips = ["[2001:db8::1]:443", "[2001:db8::2]:443", "[2001:db8::3]:443", "198.51.100.1:443", "198.51.100.2:443", "198.51.100.3:443"];
        Assert.Equal(vips, report.Observations.Where(o => o.Kind == ServedAddressKind.Vip).Select(o => o.Address));
        Assert.Equal(
            NetnsFleet.LbAddresses.SelectMany(a => new[] { $"[{a}]:443", $"[{a}]:443" }),
            report.Observations.Where(o => o.Kind == ServedAddressKind.Lb).Select(o => o.Address));
        Assert.All(report.Observations, o =>
        {
            Assert.True(o.Error is null, $"{o.Address} {o.ServerName}: {o.Error}\n{_fleet.SidecarOutput}");
            Assert.True(o.SelfSigned); // the sidecars' bootstrap certificates: no renewal has run
            Assert.False(o.ChainValid);
        });

        var haproxy = _fleet.HaProxyPid(2);
        await Shell.RunAsync("kill", "-KILL", haproxy.ToString(CultureInfo.InvariantCulture));
        // Until the kernel has torn the process down its listening socket still takes a SYN and then resets it.
        await WaitUntilDeadAsync(haproxy, TimeSpan.FromSeconds(10));
        var after = await probe.RunAsync(CancellationToken.None);

        Assert.All(after.Observations.Where(o => o.Lb == "lb2"), o => Assert.Equal(ServedFailure.Refused, o.Failure));
        Assert.All(after.Observations.Where(o => o.Lb is "lb0" or "lb1"), o => Assert.Null(o.Error));
    }

    /// <summary>Gone, or a zombie: either way its sockets are closed.</summary>
    private static async Task WaitUntilDeadAsync(int pid, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (File.Exists($"/proc/{pid}/stat") && !(await ReadStateAsync(pid) is 'Z' or 'X' or null))
        {
            Assert.True(waited.Elapsed < timeout, $"process {pid} still runs {timeout.TotalSeconds} s after SIGKILL");
            await Task.Delay(50);
        }
    }

    private static async Task<char?> ReadStateAsync(int pid)
    {
        try
        {
            var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
            // "pid (comm) S ...": the state follows the last ')', since comm may hold spaces and parentheses.
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length ? stat[close + 2] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
