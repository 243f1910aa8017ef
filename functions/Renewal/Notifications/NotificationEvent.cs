namespace LbAcme.Renewal.Notifications;

/// <summary>
/// One notification, whatever the channel: the generic webhook posts it as JSON (web names; the schema is documented
/// in functions/README.md, "Notifications"), Slack and Teams render it. <see cref="State"/> is the subject's condition
/// (a status label such as failing, or rate_limited / run_overdue); <see cref="PreviousState"/> what this channel was
/// last told. <see cref="OccurredAt"/> is when the condition began; <see cref="Reminder"/> marks a repeat of a state
/// that is still bad. <see cref="Certificate"/> is the fleet certificate the event is about (null for the fleet, and
/// for a VIP or renewal event that names none).
/// </summary>
public sealed record NotificationEvent(
    NotificationEventKind Event,
    NotificationSeverity Severity,
    string? Lb,
    string? Address,
    string State,
    string? PreviousState,
    string Summary,
    string? Action,
    string? Problem,
    string? Serial,
    DateTimeOffset? NotAfter,
    Uri? StatusUrl,
    DateTimeOffset OccurredAt,
    bool Reminder = false,
    string? Certificate = null);
