using System.Text.Json.Serialization;

namespace LbAcme.Core.Status;

/// <summary>
/// The derived state of an LB or of one probed address, worst last (the order is the severity). The JSON names are
/// the stable strings of the status document, the notifications and the operator command; the page shows
/// <see cref="CertificateStates.Display"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CertificateState>))]
public enum CertificateState
{
    /// <summary>Served is what was issued, valid, and not inside the renewal window.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Issued is newer than served, for less than the rollout allowance (sidecar sync interval).</summary>
    [JsonStringEnumMemberName("rolling_out")]
    RollingOut,

    /// <summary>The served leaf is within a third of its lifetime, or under 14 days, of expiry.</summary>
    [JsonStringEnumMemberName("expiring")]
    Expiring,

    /// <summary>Issued is newer than served for more than two sync intervals.</summary>
    [JsonStringEnumMemberName("stuck")]
    Stuck,

    /// <summary>The last renewal attempts failed (the CA's problem is in the status).</summary>
    [JsonStringEnumMemberName("failing")]
    Failing,

    /// <summary>The address did not complete a TLS handshake within the probe's time.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable,
}
