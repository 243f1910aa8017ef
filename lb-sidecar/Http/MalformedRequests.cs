using LbAcme.Sidecar.Http.Admission;

namespace LbAcme.Sidecar.Http;

/// <summary>
/// Requests refused as malformed (400) by the listeners themselves. A client error, so a debug line, and at most
/// one a minute per source: a flood of them must not become a flood of log, whatever the level.
/// </summary>
internal sealed partial class MalformedRequests(TimeProvider time, ILogger<MalformedRequests> logger)
{
    private readonly SourceLogThrottle _throttle = new(time);

    public void Refused(HttpContext context, string listener, string what)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }
        if (_throttle.Check(ClientSource.From(context.Connection.RemoteIpAddress)) == LogVerdict.Log)
        {
            LogRefused(logger, listener, what, context.Connection.RemoteIpAddress);
        }
    }

    [LoggerMessage(EventId = 3603, Level = LogLevel.Debug,
        Message = "{Listener} listener: refused a request with {What} from {Source} (400); more from it within a minute are not logged")]
    private static partial void LogRefused(ILogger logger, string listener, string what, System.Net.IPAddress? source);
}
