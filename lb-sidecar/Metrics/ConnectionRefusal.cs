namespace LbAcme.Sidecar.Metrics;

/// <summary>Why a connection was closed on accept, before any byte of it was read: the <c>reason</c> label of lbacme_sidecar_connections_refused_total.</summary>
internal enum ConnectionRefusal
{
    /// <summary>The peer port and a source outside <c>Peers:AllowedNetworks</c>.</summary>
    NotAllowed,

    /// <summary>The source (an IPv4 address or an IPv6 /64) already holds its share of the listener.</summary>
    SourceLimit,

    /// <summary>The listener already holds <c>Limits:MaxConnections</c>.</summary>
    ListenerLimit,
}

internal static class ConnectionRefusalLabels
{
    public static readonly ConnectionRefusal[] All = Enum.GetValues<ConnectionRefusal>();

    public static string Label(this ConnectionRefusal refusal) => refusal switch
    {
        ConnectionRefusal.NotAllowed => "not_allowed",
        ConnectionRefusal.SourceLimit => "source_limit",
        ConnectionRefusal.ListenerLimit => "listener_limit",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
