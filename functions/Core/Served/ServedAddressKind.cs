using System.Text.Json.Serialization;

namespace LbAcme.Core.Served;

/// <summary>What a probed address is: a keepalived VIP (held by whichever LB is master) or one LB's own address.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ServedAddressKind>))]
public enum ServedAddressKind
{
    [JsonStringEnumMemberName("vip")]
    Vip,

    [JsonStringEnumMemberName("lb")]
    Lb,
}
