using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace LbAcme.Functions;

/// <summary>
/// Application Insights records every outgoing HTTP call as a dependency with its full URL; a webhook's URL is the
/// channel's credential (Slack's secret is in the path, a Teams workflow's in the query). This keeps the scheme and
/// host of a call to a configured webhook and replaces the rest, so the telemetry shows the call without the secret.
/// </summary>
public sealed class WebhookTelemetryRedaction(IEnumerable<Uri> webhooks) : ITelemetryInitializer
{
    public const string Redacted = "/[webhook]";

    private readonly HashSet<string> _webhooks = webhooks.Select(Key).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is not DependencyTelemetry dependency || _webhooks.Count == 0 || !Uri.TryCreate(dependency.Data, UriKind.Absolute, out var url) || !_webhooks.Contains(Key(url)))
        {
            return;
        }
        dependency.Data = url.GetLeftPart(UriPartial.Authority) + Redacted;
        dependency.Name = $"POST {Redacted}";
    }

    private static string Key(Uri url) => url.GetLeftPart(UriPartial.Path);
}
