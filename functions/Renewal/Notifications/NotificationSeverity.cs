using System.Text.Json.Serialization;

namespace LbAcme.Renewal.Notifications;

/// <summary>How urgent a notification is: critical means a certificate will not be renewed or served without help.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NotificationSeverity>))]
public enum NotificationSeverity
{
    [JsonStringEnumMemberName("info")]
    Info,

    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("critical")]
    Critical,
}
