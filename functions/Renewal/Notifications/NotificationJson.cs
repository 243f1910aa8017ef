using System.Text.Json;
using System.Text.Json.Serialization;

namespace LbAcme.Renewal.Notifications;

/// <summary>Source-generated JSON (web names) for the generic payload and the stored notification state.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NotificationEvent))]
[JsonSerializable(typeof(NotificationStateDocument))]
internal sealed partial class NotificationJson : JsonSerializerContext;
