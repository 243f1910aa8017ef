namespace LbAcme.Core.Fleet;

/// <summary>The payload a webhook expects; in fleet.json spelled generic, slack or teams.</summary>
public enum WebhookKind
{
    /// <summary>The documented lb-acme JSON event (functions/README.md, "Notifications").</summary>
    Generic,

    /// <summary>A Slack incoming webhook: text with Block Kit blocks.</summary>
    Slack,

    /// <summary>A Microsoft Teams workflow ("Post to a channel when a webhook request is received"): an Adaptive Card message.</summary>
    Teams,
}
