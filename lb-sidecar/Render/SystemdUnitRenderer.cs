using System.Globalization;
using System.Text;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.HaProxy;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// The sidecar's systemd unit. It runs as the package's system user <see cref="ServiceUser"/>, never root: its only
/// capability is binding port 80, it writes only the PEM directory (the package gives it to that user), and it
/// reaches HAProxy's Runtime API socket (group haproxy, mode 660) through that user's membership in group haproxy,
/// which the package adds; membership rather than SupplementaryGroups= because the latter fails the start on an LB
/// without HAProxy installed. With <c>Sidecar:CertificateSync:FileOwner</c> set the PEM is handed to another owner,
/// which takes exactly two more capabilities: CAP_CHOWN to hand it over and CAP_DAC_READ_SEARCH to read it back
/// (mode 0600, no longer the sidecar's), and chown(2) back in the system call filter.
/// <c>Type=notify</c> with a watchdog: the daemon says READY=1 once it listens and pings while its loops live;
/// SIGHUP re-reads the configuration. Exit code 2 is a configuration error, which a restart cannot fix.
/// </summary>
internal static class SystemdUnitRenderer
{
    public const string DefaultExecutable = "/usr/bin/lb-sidecar";
    public const string DefaultConfig = "/etc/lb-acme/fleet.json";

    /// <summary>User and group of the service; the package's maintainer scripts take the name from the rendered unit.</summary>
    public const string ServiceUser = "lb-acme";

    /// <summary>Without <paramref name="lb"/> the unit takes the LB from the configuration file (Sidecar:LoadBalancer): the packaged unit.</summary>
    public static string Render(FleetOptions fleet, string webroot, string? lb, string executable, string configPath, bool handsPemToOtherOwner = false)
    {
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For("systemd", lb));
        text.AppendLine("[Unit]");
        text.AppendLine(CultureInfo.InvariantCulture, $"Description=lb-acme sidecar: ACME HTTP-01 challenges and certificates{(lb is null ? "" : $" for {lb}")}");
        text.AppendLine("After=network-online.target");
        text.AppendLine("Wants=network-online.target");
        text.AppendLine();
        text.AppendLine("[Service]");
        AppendLifecycle(text, lb, executable, configPath);
        text.AppendLine();
        AppendIdentity(text, handsPemToOtherOwner);
        text.AppendLine();
        AppendSandbox(text, fleet, webroot, handsPemToOtherOwner);
        text.AppendLine();
        text.AppendLine("[Install]");
        text.AppendLine("WantedBy=multi-user.target");
        return text.ToString();
    }

    private static void AppendLifecycle(StringBuilder text, string? lb, string executable, string configPath)
    {
        text.AppendLine("Type=notify");
        text.AppendLine("NotifyAccess=main");
        var select = lb is null ? "" : $" --Sidecar:LoadBalancer={lb}";
        text.AppendLine(CultureInfo.InvariantCulture, $"ExecStart={executable} run --config {configPath}{select}");
        text.AppendLine("# Re-reads the configuration; a bad one is refused and the running one keeps serving.");
        text.AppendLine("ExecReload=/bin/kill -HUP $MAINPID");
        text.AppendLine("WatchdogSec=30s");
        text.AppendLine("Restart=on-failure");
        text.AppendLine("RestartSec=5s");
        text.AppendLine("# 2: a configuration error. Restarting cannot fix it: the unit stays failed with the errors in its log.");
        text.AppendLine("RestartPreventExitStatus=2");
        text.AppendLine("Environment=DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1");
    }

    private static void AppendIdentity(StringBuilder text, bool handsPemToOtherOwner)
    {
        text.AppendLine(CultureInfo.InvariantCulture, $"User={ServiceUser}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Group={ServiceUser}");
        text.AppendLine(CultureInfo.InvariantCulture, $"# HAProxy's Runtime API socket (group haproxy, mode 660): {ServiceUser} is a member of group haproxy (the package adds it).");
        var capabilities = handsPemToOtherOwner
            ? $"CAP_NET_BIND_SERVICE {ProcessCapabilities.Chown} {ProcessCapabilities.DacReadSearch}"
            : "CAP_NET_BIND_SERVICE";
        text.AppendLine(CultureInfo.InvariantCulture, $"AmbientCapabilities={capabilities}");
        text.AppendLine(CultureInfo.InvariantCulture, $"CapabilityBoundingSet={capabilities}");
        text.AppendLine("NoNewPrivileges=yes");
    }

    /// <summary>
    /// Everything a Native AOT daemon that binds :80, talks TCP and unix sockets, reads /etc and writes one directory
    /// can live without. Not set, on purpose: MemoryDenyWriteExecute (Native AOT's thunk pool on Linux makes its pages
    /// writable and executable with mprotect), ProcSubset=pid (the GC reads /proc/meminfo), PrivateUsers and
    /// PrivateNetwork (port 80 and the peers are on the host's network), IPAddressDeny (the store is anywhere).
    /// </summary>
    private static void AppendSandbox(StringBuilder text, FleetOptions fleet, string webroot, bool handsPemToOtherOwner)
    {
        text.AppendLine("ProtectSystem=strict");
        // '-': a path that does not exist yet is skipped instead of failing the start (tmpfiles.d creates it).
        text.AppendLine(CultureInfo.InvariantCulture, $"ReadWritePaths=-{fleet.HaProxy.CertificateDirectory.TrimEnd('/')}");
        text.AppendLine(CultureInfo.InvariantCulture, $"# The challenge webroot {webroot.TrimEnd('/')} is only read: ProtectSystem=strict leaves it readable.");
        text.AppendLine("ProtectHome=yes");
        text.AppendLine("PrivateTmp=yes");
        text.AppendLine("PrivateDevices=yes");
        text.AppendLine("PrivateMounts=yes");
        text.AppendLine("ProtectKernelTunables=yes");
        text.AppendLine("ProtectKernelModules=yes");
        text.AppendLine("ProtectKernelLogs=yes");
        text.AppendLine("ProtectControlGroups=yes");
        text.AppendLine("ProtectClock=yes");
        text.AppendLine("ProtectHostname=yes");
        text.AppendLine("ProtectProc=invisible");
        text.AppendLine("RestrictNamespaces=yes");
        text.AppendLine("RestrictRealtime=yes");
        text.AppendLine("RestrictSUIDSGID=yes");
        text.AppendLine("LockPersonality=yes");
        text.AppendLine("RemoveIPC=yes");
        text.AppendLine("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6");
        text.AppendLine("SystemCallArchitectures=native");
        text.AppendLine("SystemCallFilter=@system-service");
        text.AppendLine("SystemCallFilter=~@privileged @resources");
        if (handsPemToOtherOwner)
        {
            text.AppendLine("SystemCallFilter=@chown");
        }
        // A call outside the filter fails with EPERM (an exception on that path) instead of SIGSYS killing the daemon.
        text.AppendLine("SystemCallErrorNumber=EPERM");
        text.AppendLine("UMask=0077");
    }
}
