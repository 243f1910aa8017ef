using LbAcme.LocalEnvironment;

namespace LbAcme.Failover.Tests;

/// <summary>
/// A fact that needs root, network namespaces and keepalived. Where they cannot run it is skipped with the
/// reason; on this project's machines (and CI) they can, so there it always runs.
/// </summary>
public sealed class NetnsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public NetnsFactAttribute()
    {
        if (Missing.Value is { } reason)
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (Environment.UserName != "root")
        {
            return "network namespaces need root";
        }
        if (!File.Exists("/usr/sbin/keepalived"))
        {
            return "keepalived is not installed (./test.sh installs it)";
        }
        var probe = $"lbacme-probe-{Environment.ProcessId}";
        var (code, output) = Shell.TryRunAsync("ip", "netns", "add", probe).GetAwaiter().GetResult();
        Shell.TryRunAsync("ip", "netns", "del", probe).GetAwaiter().GetResult();
        return code == 0 ? null : $"cannot create a network namespace here: {output.Trim()}";
    }
}
