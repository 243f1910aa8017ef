using System.Text.Json.Serialization;

namespace LbAcme.Core.Served;

/// <summary>Why a probed address presented no certificate: the code beside <see cref="ServedObservation.Error"/>'s sentence.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServedFailure>))]
public enum ServedFailure
{
    /// <summary>Nothing listens on the port (TCP reset on connect).</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>No route or no host answering at the network layer.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable,

    /// <summary>The TCP connection did not complete within the probe's time (a blackholed address).</summary>
    [JsonStringEnumMemberName("connect_timeout")]
    ConnectTimeout,

    /// <summary>TCP connected, but no TLS answer came within the probe's time.</summary>
    [JsonStringEnumMemberName("handshake_timeout")]
    HandshakeTimeout,

    /// <summary>The server closed or reset the connection during the handshake.</summary>
    [JsonStringEnumMemberName("closed")]
    Closed,

    /// <summary>The TLS handshake failed (an alert, no common protocol or cipher).</summary>
    [JsonStringEnumMemberName("handshake_failed")]
    HandshakeFailed,

    /// <summary>The fleet names no usable IP address here (fleet validation should have refused it).</summary>
    [JsonStringEnumMemberName("invalid_address")]
    InvalidAddress,
}
