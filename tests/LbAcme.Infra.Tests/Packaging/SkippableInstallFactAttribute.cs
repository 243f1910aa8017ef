namespace LbAcme.Infra.Tests.Packaging;

/// <summary>
/// A fact that installs the .deb on this machine: it needs root, dpkg and unshare, and must not run where the
/// package is already installed (a real LB's would be removed). Skipped with the reason otherwise.
/// </summary>
public sealed class SkippableInstallFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Missing = new(Probe);

    public SkippableInstallFactAttribute()
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
            return "installing a .deb needs root";
        }
        if (!Command.IsOnPath("dpkg") || !Command.IsOnPath("unshare") || !Command.IsOnPath("adduser"))
        {
            return "dpkg, adduser and unshare (util-linux) are needed";
        }
        var (code, status) = Shell.TryRunAsync("dpkg-query", "-W", "-f", "${Status}", "lb-acme-sidecar").GetAwaiter().GetResult();
        return code == 0 && !status.Contains("not-installed", StringComparison.Ordinal)
            ? $"lb-acme-sidecar is already installed here ({status.Trim()}); the test would remove it"
            : null;
    }
}
