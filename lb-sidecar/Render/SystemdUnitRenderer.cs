using System.Globalization;
using System.Text;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.HaProxy;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// The sidecar's systemd unit, hardened: the only capability is binding port 80, the file system is read-only
/// except the PEM directory and the challenge webroot, and no privilege can be regained. It runs as root (uid 0
/// without any other capability) because HAProxy's admin socket is root's with mode 600 and the PEM directory is
/// root's; with no CAP_DAC_OVERRIDE it can touch only what root owns, and ProtectSystem=strict makes the rest read-only.
/// With <c>Sidecar:CertificateSync:FileOwner</c> set the PEM is handed to another owner, which takes exactly two more:
/// CAP_CHOWN to hand it over and CAP_DAC_READ_SEARCH to read it back (mode 0600, no longer root's).
/// </summary>
internal static class SystemdUnitRenderer
{
    public const string DefaultExecutable = "/usr/bin/lb-sidecar";
    public const string DefaultConfig = "/etc/lb-acme/fleet.json";

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
        text.AppendLine("Type=exec");
        var select = lb is null ? "" : $" --Sidecar:LoadBalancer={lb}";
        text.AppendLine(CultureInfo.InvariantCulture, $"ExecStart={executable} run --config {configPath}{select}");
        text.AppendLine("Restart=always");
        text.AppendLine("RestartSec=2");
        text.AppendLine("Environment=DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1");
        var capabilities = handsPemToOtherOwner
            ? $"CAP_NET_BIND_SERVICE {ProcessCapabilities.Chown} {ProcessCapabilities.DacReadSearch}"
            : "CAP_NET_BIND_SERVICE";
        text.AppendLine(CultureInfo.InvariantCulture, $"AmbientCapabilities={capabilities}");
        text.AppendLine(CultureInfo.InvariantCulture, $"CapabilityBoundingSet={capabilities}");
        text.AppendLine("NoNewPrivileges=yes");
        text.AppendLine("ProtectSystem=strict");
        // '-': a path that does not exist yet is skipped instead of failing the start (tmpfiles.d creates both).
        text.AppendLine(CultureInfo.InvariantCulture, $"ReadWritePaths=-{fleet.HaProxy.CertificateDirectory.TrimEnd('/')} -{webroot.TrimEnd('/')}");
        text.AppendLine("ProtectHome=yes");
        text.AppendLine("PrivateTmp=yes");
        text.AppendLine("PrivateDevices=yes");
        text.AppendLine("ProtectKernelTunables=yes");
        text.AppendLine("ProtectKernelModules=yes");
        text.AppendLine("ProtectKernelLogs=yes");
        text.AppendLine("ProtectControlGroups=yes");
        text.AppendLine("ProtectClock=yes");
        text.AppendLine("ProtectHostname=yes");
        text.AppendLine("RestrictNamespaces=yes");
        text.AppendLine("RestrictRealtime=yes");
        text.AppendLine("RestrictSUIDSGID=yes");
        text.AppendLine("LockPersonality=yes");
        text.AppendLine("RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6");
        text.AppendLine("SystemCallArchitectures=native");
        text.AppendLine("SystemCallFilter=@system-service");
        text.AppendLine("UMask=0077");
        text.AppendLine();
        text.AppendLine("[Install]");
        text.AppendLine("WantedBy=multi-user.target");
        return text.ToString();
    }
}
