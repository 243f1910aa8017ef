using System.Globalization;
using System.Net;
using System.Text;
using LbAcme.Core.Fleet;

namespace LbAcme.Sidecar.Render;

/// <summary>
/// A systemd drop-in for keepalived.service that removes this fleet's VIPs from the interface before keepalived
/// starts and after it stops, however it stopped. A SIGKILLed keepalived runs no notify script and leaves its VIPs
/// on the interface; without the cleanup the returning node answers ARP for an address another LB now holds.
/// Install as /etc/systemd/system/keepalived.service.d/lb-acme.conf.
/// </summary>
internal static class KeepalivedDropInRenderer
{
    public static string Render(FleetOptions fleet, string lb)
    {
        var options = fleet.Keepalived;
        var addresses = string.Join(' ', fleet.Vips.Select(v => KeepalivedConfigRenderer.HostRoute(IPAddress.Parse(v))));
        var command = $"{options.CleanupScript} {options.Interface} {addresses}";
        var text = new StringBuilder();
        text.AppendLine(RenderHeader.For("keepalived-dropin", lb));
        text.AppendLine("[Service]");
        // '-': a failed cleanup (address already gone) must not stop keepalived from starting.
        text.AppendLine(CultureInfo.InvariantCulture, $"ExecStartPre=-{command}");
        text.AppendLine(CultureInfo.InvariantCulture, $"ExecStopPost=-{command}");
        return text.ToString();
    }
}
