using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Who a fan-out is for, as the per-source limit counts it: an IPv4 address (also when it arrives IPv4-mapped on a
/// dual-stack socket), or an IPv6 /64 — one host is usually given a whole /64, so counting single IPv6 addresses
/// would let it pick a fresh address for every request. Built without allocating, once per fan-out.
/// </summary>
internal readonly record struct FanOutSource(ulong High, ulong Low)
{
    /// <summary>Marks IPv4 sources, so no IPv6 /64 (whose <see cref="Low"/> is always 0) can share their key.</summary>
    private const ulong IPv4Tag = 0xFFFF_0000_0000UL;

    /// <summary>No address known (not a TCP connection): such requests share one budget.</summary>
    public static FanOutSource Unknown => default;

    public static FanOutSource From(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return Unknown;
        }
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return OfIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }
        if (written == 16 && address.IsIPv4MappedToIPv6)
        {
            return OfIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]));
        }
        return new FanOutSource(BinaryPrimitives.ReadUInt64BigEndian(bytes), 0);
    }

    private static FanOutSource OfIPv4(uint address) => new(0, IPv4Tag | address);
}
