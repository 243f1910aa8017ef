using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Notifications;

/// <summary>The notification log lines. A channel is named, never its URL.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Notified {Channel} of {Event} for {Subject} (state {State}, attempt {Attempts})")]
    public static partial void Delivered(ILogger logger, string channel, string @event, string subject, string state, int attempts);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Notifying {Channel} failed on attempt {Attempt} ({Error}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string channel, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Could not notify {Channel} of {Event} for {Subject} after {Attempts} attempt(s) ({Error}); it is tried again next run")]
    public static partial void DeliveryFailed(ILogger logger, string channel, string @event, string subject, int attempts, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Notifications were not evaluated ({Error}: {Detail}); renewals are unaffected and the next run tries again")]
    public static partial void EvaluationFailed(ILogger logger, string error, string detail);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "The notification state kept changing under this instance ({Attempts} tries); the next run tries again")]
    public static partial void StateContended(ILogger logger, int attempts);
}
