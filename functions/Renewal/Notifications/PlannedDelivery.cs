namespace LbAcme.Renewal.Notifications;

/// <summary>One event to one channel, claimed in the state before it is sent.</summary>
public sealed record PlannedDelivery(string Subject, string Channel, NotificationEvent Event);
