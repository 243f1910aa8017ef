using System.Net;
using System.Net.Sockets;

namespace LbAcme.Core.Fleet;

/// <summary>
/// An IP address as fleet.json must write it. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also takes
/// the inet_aton short forms ('10.1' is 10.0.0.1, '010.0.0.1' and '0x0a.0.0.1' too), which HAProxy and keepalived
/// read differently (one binds '10.1:443' as written, the other routes 10.0.0.1/32): only the dotted quad is an
/// IPv4 address here. IPv6 takes any RFC 4291 text form, which every reader agrees on, but no zone index.
/// </summary>
public static class IpAddressText
{
    public static bool TryParse(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }
        var canonical = parsed.AddressFamily switch
        {
            AddressFamily.InterNetwork => parsed.ToString() == text,
            AddressFamily.InterNetworkV6 => !text.Contains('%', StringComparison.Ordinal) && !text.Contains('[', StringComparison.Ordinal),
            _ => false,
        };
        if (canonical)
        {
            address = parsed;
        }
        return canonical;
    }

    /// <summary>Why <paramref name="text"/> is refused, e.g. <c>'10.1' is not an IP address in full (write 10.0.0.1)</c>; null when it is fine.</summary>
    public static string? Problem(string? text)
    {
        if (TryParse(text, out _))
        {
            return null;
        }
        return IPAddress.TryParse(text, out var parsed)
            ? $"'{text}' is not an IP address written in full (did you mean {parsed}?)"
            : $"'{text}' is not an IP address";
    }
}
