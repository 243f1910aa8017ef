using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// The cleanup script removes leftover VIPs from an interface, as after a SIGKILLed keepalived; run in a private
/// network namespace (unshare -n) on that namespace's own loopback interface, so the host's interfaces are never
/// touched (and no dummy-interface kernel module is needed).
/// </summary>
public sealed class VipCleanupScriptTests
{
    private static string Script => Path.Combine(InfraPaths.Packaging, "keepalived-vip-cleanup");

    [Fact]
    public async Task Leftover_VIPs_are_removed_and_absent_ones_are_not_an_error()
    {
        var steps = string.Join(" && ",
            "ip link set lo up",
            "ip addr add 198.51.100.1/32 dev lo",
            "ip addr add 192.0.2.99/24 dev lo",
            "ip -6 addr add 2001:db8::1/128 dev lo nodad",
            $"{Script} lo 198.51.100.1/32 198.51.100.2/32 2001:db8::1/128",
            "echo ---",
            "ip -o addr show dev lo");

        var result = await Command.RunAsync("unshare", ["-n", "sh", "-c", steps], TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        var (report, remaining) = (result.StandardOutput.Split("---")[0], result.StandardOutput.Split("---")[1]);
        Assert.Contains("removed 198.51.100.1/32 from lo", report, StringComparison.Ordinal);
        Assert.Contains("removed 2001:db8::1/128 from lo", report, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.2", report, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.1", remaining, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8::1/", remaining, StringComparison.Ordinal);
        Assert.Contains("192.0.2.99/24", remaining, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_addresses_it_refuses_with_its_usage()
    {
        var result = await Command.RunAsync(Script, ["eth0"], TimeSpan.FromSeconds(10));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage:", result.StandardError, StringComparison.Ordinal);
    }
}
