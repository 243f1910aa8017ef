using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// One client, as every per-source limit counts it (connections on accept, fan-outs in flight, log lines): an IPv4
/// address (also when a dual-stack listener sees it as ::ffff:a.b.c.d), or an IPv6 /64. A /64 is what one subscriber
/// or one VM is handed, so counting single IPv6 addresses would let one host take the slots by cycling through its
/// own addresses. Built without allocating.
/// </summary>
internal readonly record struct ClientSource(ulong Bits, bool IsV6)
{
    /// <summary>A connection whose peer address the transport did not give (never the case for TCP).</summary>
    public static readonly ClientSource Unknown = new(ulong.MaxValue, IsV6: false);

    public static ClientSource From(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            return Unknown;
        }
        return address.AddressFamily == AddressFamily.InterNetwork
            ? new ClientSource(BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]), IsV6: false)
            : new ClientSource(BinaryPrimitives.ReadUInt64BigEndian(bytes[..8]), IsV6: true);
    }

    public override string ToString()
    {
        if (this == Unknown)
        {
            return "unknown";
        }
        if (!IsV6)
        {
            Span<byte> v4 = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)Bits);
            return new IPAddress(v4).ToString();
        }
        Span<byte> v6 = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v6, Bits);
        return new IPAddress(v6) + "/64";
    }
}
