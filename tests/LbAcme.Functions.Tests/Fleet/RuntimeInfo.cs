using System.Net.Sockets;
using System.Text;

namespace LbAcme.Functions.Tests.Fleet;

/// <summary><c>show info</c> on an HAProxy's Runtime API socket: which process serves, and since when.</summary>
internal static class RuntimeInfo
{
    /// <summary>The <c>Pid</c> and <c>Uptime_sec</c> lines' values.</summary>
    public static async Task<(int Pid, long UptimeSeconds)> ShowAsync(string socketPath)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("show info\n"), SocketFlags.None, timeout.Token);
        var text = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var fields = text.ToString().Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        return (int.Parse(fields["Pid"], System.Globalization.CultureInfo.InvariantCulture), long.Parse(fields["Uptime_sec"], System.Globalization.CultureInfo.InvariantCulture));
    }
}
