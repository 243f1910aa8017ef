using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// What systemd hears from a Type=notify lb-sidecar: READY=1 once it listens, WATCHDOG=1 at half of WATCHDOG_USEC,
/// RELOADING=1 (with MONOTONIC_USEC) then READY=1 around a reload, STOPPING=1 on SIGTERM; each with a STATUS line.
/// </summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task The_daemon_tells_systemd_ready_watchdog_reloading_and_stopping()
    {
        var environment = new Dictionary<string, string> { ["WATCHDOG_USEC"] = "200000" };
        await using var sidecar = await ReloadingSidecar.StartAsync(ReloadingSidecar.Slot("lb0", "127.0.44.1"), new { }, environment);
        var notify = sidecar.Notify;

        Assert.True(await notify.WaitForAsync("READY=1", 1, TimeSpan.FromSeconds(10)), "no READY=1");
        Assert.True(await notify.WaitForAsync("WATCHDOG=1", 3, TimeSpan.FromSeconds(10)), "no WATCHDOG=1 at half of a 200 ms WATCHDOG_USEC");
        Assert.True(await sidecar.ReloadAsync(), sidecar.Process.Output);
        Assert.True(await notify.WaitForAsync("READY=1", 2, TimeSpan.FromSeconds(10)), "no READY=1 after the reload");
        await sidecar.SignalAsync("TERM");
        Assert.True(await notify.WaitForAsync("STOPPING=1", 1, TimeSpan.FromSeconds(10)), "no STOPPING=1");
        Assert.Equal(0, await sidecar.Process.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        var messages = notify.Messages;
        var ready = Indexes(messages, "READY=1");
        var reloading = Indexes(messages, "RELOADING=1");
        Assert.StartsWith("READY=1\nSTATUS=Serving lb0", messages[0], StringComparison.Ordinal);
        Assert.Single(reloading);
        Assert.Matches("^RELOADING=1\nMONOTONIC_USEC=[1-9][0-9]*\nSTATUS=", messages[reloading[0]]);
        Assert.True(ready[0] < reloading[0] && reloading[0] < ready[1], string.Join(" | ", messages));
        Assert.Contains("STATUS=Serving lb0 (configuration 2)", messages[ready[1]], StringComparison.Ordinal);
        Assert.StartsWith("STOPPING=1\nSTATUS=", messages[^1], StringComparison.Ordinal);
    }

    private static List<int> Indexes(IReadOnlyList<string> messages, string line) =>
        [.. messages.Select((m, i) => (m, i)).Where(x => x.m.Split('\n').Contains(line)).Select(x => x.i)];
}
