namespace LbAcme.Renewal.Notifications;

/// <summary>The webhooks to tell, with their URLs read from the app settings at start, and the status page to link to.</summary>
public sealed record NotificationChannels(IReadOnlyList<WebhookChannel> Webhooks, Uri? StatusUrl);
