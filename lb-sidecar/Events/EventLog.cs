namespace LbAcme.Sidecar.Events;

/// <summary>
/// The app port's log lines. A dropped or refused event is a warning (something publishes what the sidecar cannot
/// use, or daprd and lb-sidecar disagree on the token), written at most once a minute per reason: a flood of them is
/// only counted (<see cref="EventMetrics"/>). A taken event is a debug line: the round it wakes logs what it deploys.
/// </summary>
internal sealed partial class EventLog(TimeProvider time, ILogger<EventLog> logger)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    // One slot per drop reason, the last for the token refusal.
    private readonly long?[] _lastLogged = new long?[EventDropLabels.All.Length + 1];

    public void Dropped(EventDrop drop)
    {
        if (logger.IsEnabled(LogLevel.Warning) && Due((int)drop))
        {
            LogDropped(logger, drop.Label());
        }
    }

    public void Unauthorized()
    {
        if (logger.IsEnabled(LogLevel.Warning) && Due(_lastLogged.Length - 1))
        {
            LogUnauthorized(logger, AppApiToken.Variable, AppApiToken.Header);
        }
    }

    public void Woke(string objectName) => LogWoke(logger, objectName);

    public void NotOurs(string objectName) => LogNotOurs(logger, objectName);

    private bool Due(int slot)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            if (_lastLogged[slot] is { } last && time.GetElapsedTime(last, now) < Window)
            {
                return false;
            }
            _lastLogged[slot] = now;
            return true;
        }
    }

    [LoggerMessage(EventId = 3901, Level = LogLevel.Warning,
        Message = "Dropped an event delivered on the Dapr app port ({Reason}): answered DROP, so daprd does not redeliver it; more within a minute for the same reason are only counted in lbacme_sidecar_certificate_events_dropped_total")]
    private static partial void LogDropped(ILogger logger, string reason);

    [LoggerMessage(EventId = 3902, Level = LogLevel.Warning,
        Message = "Refused a call on the Dapr app port: its {Header} header is not the {Variable} lb-sidecar was started with (401; daprd retries, then Service Bus dead-letters it); more within a minute are only counted in lbacme_sidecar_certificate_events_total")]
    private static partial void LogUnauthorized(ILogger logger, string variable, string header);

    [LoggerMessage(EventId = 3903, Level = LogLevel.Debug, Message = "New-version event for {ObjectName}: certificate sync woken")]
    private static partial void LogWoke(ILogger logger, string objectName);

    [LoggerMessage(EventId = 3904, Level = LogLevel.Debug, Message = "New-version event for {ObjectName}: not a certificate of this LB, ignored")]
    private static partial void LogNotOurs(ILogger logger, string objectName);
}
