namespace LbAcme.Renewal.Notifications;

/// <summary>
/// What one evaluation saw about one subject (the fleet, an LB, an LB's budget, a VIP, an LB's renewal): its condition
/// and the event that says so. A <see cref="Transient"/> finding is a one-off (a failed renewal): it is sent once per
/// channel, never repeated as a reminder and never "recovered". A held finding (<see cref="Held"/>) says the subject
/// still exists but nothing new is known (an LB whose failures have not reached the threshold yet).
/// </summary>
public sealed record Finding(string Subject, string? Condition, NotificationEvent? Event, bool Transient = false)
{
    /// <summary>The condition of a subject with nothing to report.</summary>
    public const string Ok = "ok";

    public bool IsOk => Condition == Ok;

    public static Finding Held(string subject) => new(subject, null, null);
}
