using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Notifications;

/// <summary>
/// A configured webhook with its URL read from the app setting. Not a record, and its <see cref="ToString"/> is the
/// name: the URL is the channel's credential and must not reach a log line or an exception message by accident.
/// </summary>
public sealed class WebhookChannel(string name, WebhookKind kind, Uri url)
{
    public string Name { get; } = name;

    public WebhookKind Kind { get; } = kind;

    public Uri Url { get; } = url;

    public override string ToString() => Name;
}
