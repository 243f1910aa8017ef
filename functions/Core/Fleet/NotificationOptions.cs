namespace LbAcme.Core.Fleet;

/// <summary>
/// Who is told when the fleet goes bad and comes back (section <c>Fleet:Notifications</c>): webhooks, how many failed
/// attempts in a row make an LB "failing", and how often a state that stays bad is said again. Checked at start by
/// <see cref="NotificationOptionsValidation"/>. Only the renewal function reads it; the sidecar ignores it.
/// </summary>
public sealed class NotificationOptions
{
    public static readonly TimeSpan MinimumReminderInterval = TimeSpan.FromDays(1);

    public List<WebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Failed renewal attempts in a row before the LB counts as failing (one failure the backoff retries is not news).</summary>
    public int FailingAfter { get; set; } = 3;

    /// <summary>How often a state that is still bad is sent again; at least a day, so a channel is not trained to ignore it.</summary>
    public TimeSpan ReminderInterval { get; set; } = MinimumReminderInterval;
}
