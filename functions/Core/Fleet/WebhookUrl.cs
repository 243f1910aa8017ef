using System.Net;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Reads a webhook URL from the app setting a <see cref="WebhookOptions.UrlSetting"/> names. A problem names the
/// setting and never quotes its value: the URL is the channel's credential.
/// </summary>
public static class WebhookUrl
{
    private const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    public static bool TryRead(IConfiguration settings, string settingName, out Uri? url, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(settings);
        url = null;
        var value = settings[settingName];
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = $"app setting '{settingName}' is not set (it must hold the webhook URL, or a Key Vault reference to it)";
            return false;
        }
        if (value.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
        {
            // The platform replaces a reference it could resolve; one left as text failed (identity, access, name).
            problem = $"app setting '{settingName}' is a Key Vault reference the platform could not resolve (check the app's identity may get that secret)";
            return false;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed) || !(parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && IsLoopback(parsed))))
        {
            problem = $"app setting '{settingName}' must hold an absolute https URL (http only on loopback)";
            return false;
        }
        url = parsed;
        problem = null;
        return true;
    }

    // Uri.IsLoopback also accepts the name "localhost", which DNS could answer otherwise; only loopback addresses count.
    private static bool IsLoopback(Uri url) => IPAddress.TryParse(url.IdnHost, out var ip) && IPAddress.IsLoopback(ip);
}
