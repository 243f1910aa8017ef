using System.Net;
using System.Net.Sockets;
using LbAcme.Core.Names;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// The Host header, checked before it goes into a 301 Location: a DNS name, an IPv4 address or a bracketed
/// IPv6 address, optionally with a port, and nothing else (no userinfo, paths, spaces or CR/LF). Like nginx's
/// $host, the result is lowercase and without the port (a name in its canonical form, <see cref="DnsName"/>), since the redirect goes to https on 443.
/// </summary>
internal static class HostHeader
{
    public static bool TryGetRedirectHost(string? header, out string host)
    {
        host = "";
        if (string.IsNullOrEmpty(header) || header.Length > 260)
        {
            return false;
        }
        string name;
        string rest;
        if (header[0] == '[')
        {
            var close = header.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || !IPAddress.TryParse(header.AsSpan(1, close - 1), out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6 || header.AsSpan(1, close - 1).Contains('%'))
            {
                return false;
            }
            name = header[..(close + 1)];
            rest = header[(close + 1)..];
        }
        else
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            name = colon < 0 ? header : header[..colon];
            rest = colon < 0 ? "" : header[colon..];
            // A name first: it is what nearly every request carries, and the normalizer already refuses IP
            // addresses, so a dotted IPv4 is parsed a second time only when it is one. The normalizer trims; a
            // header with surrounding spaces is not a host.
            if (name.AsSpan().Trim().Length == name.Length && DnsName.TryNormalize(name, out var canonical, out _))
            {
                name = canonical;
            }
            else if (!IsDottedIPv4(name))
            {
                return false;
            }
        }
        if (rest.Length > 0 && (rest[0] != ':' || !IsPort(rest.AsSpan(1))))
        {
            return false;
        }
        host = name.ToLowerInvariant();
        return true;
    }

    private static bool IsDottedIPv4(string name) =>
        IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetwork && address.ToString() == name;

    private static bool IsPort(ReadOnlySpan<char> digits) =>
        digits.Length is >= 1 and <= 5 && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535;
}
