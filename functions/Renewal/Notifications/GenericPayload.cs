using System.Text.Json;

namespace LbAcme.Renewal.Notifications;

/// <summary>The generic webhook's body: the event itself as JSON (schema in functions/README.md, "Notifications").</summary>
public static class GenericPayload
{
    public static string Render(NotificationEvent e) => JsonSerializer.Serialize(e, NotificationJson.Default.NotificationEvent);
}
