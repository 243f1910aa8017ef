using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fakes;
using Xunit;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>
/// The store goes away under a running sidecar and comes back: each loop that uses it (challenge polling,
/// certificate sync, status reporting) says so once with its retry schedule, stays quiet through the retries, and
/// says once that it works again. No stack traces at the default level.
/// </summary>
[Collection(LoggingGroup.Name)]
public sealed partial class StoreOutageLogTests(LoggingEnvironment env)
{
    [Fact]
    public async Task A_store_outage_is_one_line_per_loop_and_its_end_one_more()
    {
        var (slots, config, directory) = env.NewFleet("outage", "127.0.7.11");
        var lb = slots[0];
        await env.PutGoodCertificateAsync(lb.Name);
        await using var proxy = new SwitchableStoreProxy(new IPEndPoint(IPAddress.Loopback, env.Azurite.Port));
        var throughProxy = env.Azurite.ConnectionString.Replace($":{env.Azurite.Port}/", $":{proxy.Port.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal);
        Assert.NotEqual(env.Azurite.ConnectionString, throughProxy);
        await using var sidecar = await SidecarProcess.StartAsync(lb.Name, config, lb.Address, lb.HttpPort, lb.PeerPort, env.SidecarArguments(directory, lb.Name, throughProxy));
        await LoggingEnvironment.WaitForAsync(async () => (await LoggingEnvironment.MetricsAsync(sidecar)).Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"skipped\"") >= 1,
            "first steady certificate round", sidecar);
        var before = await LoggingEnvironment.MetricsAsync(sidecar);
        var window = new LogWindow(sidecar);

        await proxy.SwitchOffAsync();
        await LoggingEnvironment.WaitForAsync(async () =>
        {
            var now = await LoggingEnvironment.MetricsAsync(sidecar);
            return now.Sum("lbacme_sidecar_store_failures_total") >= before.Sum("lbacme_sidecar_store_failures_total") + 4
                && now.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"store_failed\"") >= before.Sum("lbacme_sidecar_certificate_syncs_total", "outcome=\"store_failed\"") + 4;
        }, "four failed store polls and four failed certificate rounds", sidecar);

        var down = window.Lines();
        Assert.True(down.Count(l => l.Contains("Store unreachable: ", StringComparison.Ordinal) && l.Contains("retrying in ", StringComparison.Ordinal) && l.Contains("backing off to 1s", StringComparison.Ordinal)) == 1, window.Describe());
        Assert.True(down.Count(l => l.Contains("Certificate sync of default failing: ", StringComparison.Ordinal) && l.Contains("backing off to 1s", StringComparison.Ordinal)) == 1, window.Describe());
        Assert.True(down.Count(l => l.Contains($"Could not write status/{lb.Name}: ", StringComparison.Ordinal)) == 1, window.Describe());
        Assert.True(down.Count == 3, window.Describe());
        Assert.DoesNotContain(down, l => StackFrame().IsMatch(l));

        proxy.SwitchOn();
        await LoggingEnvironment.WaitForAsync(() => Task.FromResult(
            window.Count("Store reachable again after ") > 0 && window.Count("Certificate sync of default working again after ") > 0 && window.Count($"status/{lb.Name} is up to date again after ") > 0),
            "the three recovery lines", sidecar);
        var all = window.Lines();
        Assert.True(all.Count == 6, window.Describe());
        Assert.Matches(@"Store reachable again after \d+ failed attempts / \d", all.Single(l => l.Contains("Store reachable again", StringComparison.Ordinal)));
        Assert.DoesNotContain(all, l => StackFrame().IsMatch(l));
        // The status write owed from the outage said "store unreachable"; once the store answers, status/{lb} says
        // what is true again: the settled version, still served.
        await LoggingEnvironment.WaitForAsync(async () => await env.ReadStatusAsync(lb.Name) is { Outcome: not DeployOutcome.StoreFailed },
            $"status/{lb.Name} no longer saying the store is unreachable", sidecar);
    }

    /// <summary>A frame of a .NET stack trace ("at Namespace.Type.Method(").</summary>
    [GeneratedRegex(@"\bat [\w.`<>]+\.[\w<>`]+\(")]
    private static partial Regex StackFrame();
}
