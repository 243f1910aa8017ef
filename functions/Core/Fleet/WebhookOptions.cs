namespace LbAcme.Core.Fleet;

/// <summary>
/// One notification channel. The URL is a secret (whoever holds it can post), so the fleet file never carries it:
/// <see cref="UrlSetting"/> names the app setting that does, which in Azure is usually a Key Vault reference
/// (<c>@Microsoft.KeyVault(SecretUri=...)</c>) the platform resolves before the app reads it.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>What logs and the notification state call this channel; unique in the fleet.</summary>
    public string Name { get; set; } = "";

    public WebhookKind Kind { get; set; } = WebhookKind.Generic;

    /// <summary>The name of the app setting (environment variable) holding the webhook URL, e.g. LBACME_SLACK_WEBHOOK.</summary>
    public string UrlSetting { get; set; } = "";
}
