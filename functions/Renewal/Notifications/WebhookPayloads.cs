using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Notifications;

/// <summary>The body each kind of webhook expects for an event.</summary>
public static class WebhookPayloads
{
    public static string Render(WebhookKind kind, NotificationEvent e) => kind switch
    {
        WebhookKind.Slack => SlackPayload.Render(e),
        WebhookKind.Teams => TeamsPayload.Render(e),
        _ => GenericPayload.Render(e),
    };
}
