using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A socket a started server must hold: TCP listening, or UDP bound. <see cref="IsHeldBy"/> reads the process's
/// own sockets from /proc, so another program that happens to listen on the same port never passes for it.
/// </summary>
public sealed record Listener(ProtocolType Protocol, IPEndPoint Endpoint)
{
    private const string TcpListen = "0A";
    private const string UdpUnconnected = "07";

    public static Listener Tcp(IPAddress address, int port) => new(ProtocolType.Tcp, new IPEndPoint(address, port));

    public static Listener Udp(IPAddress address, int port) => new(ProtocolType.Udp, new IPEndPoint(address, port));

    /// <summary>True when process <paramref name="pid"/> itself holds this socket (bound to the address or to any).</summary>
    public bool IsHeldBy(int pid)
    {
        var kind = Protocol == ProtocolType.Tcp ? "tcp" : "udp";
        var state = Protocol == ProtocolType.Tcp ? TcpListen : UdpUnconnected;
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { kind, kind + "6" })
        {
            foreach (var line in ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[3] == state && Matches(fields[1]))
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }
        return inodes.Count > 0 && OpenSockets(pid).Any(inodes.Contains);
    }

    private bool Matches(string local)
    {
        var colon = local.IndexOf(':', StringComparison.Ordinal);
        if (int.Parse(local.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) != Endpoint.Port)
        {
            return false;
        }
        var address = ParseProcAddress(local[..colon]);
        return address.Equals(Endpoint.Address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || (address.IsIPv4MappedToIPv6 && address.MapToIPv4().Equals(Endpoint.Address));
    }

    /// <summary>/proc/net prints addresses as 32-bit words in host (little-endian) order.</summary>
    private static IPAddress ParseProcAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }
        return new IPAddress(bytes);
    }

    private static List<string> OpenSockets(int pid)
    {
        var fds = $"/proc/{pid}/fd";
        var targets = new List<string>();
        if (!Directory.Exists(fds))
        {
            return targets;
        }
        foreach (var fd in Directory.EnumerateFileSystemEntries(fds))
        {
            if (new FileInfo(fd).LinkTarget is { } target)
            {
                targets.Add(target);
            }
        }
        return targets;
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
