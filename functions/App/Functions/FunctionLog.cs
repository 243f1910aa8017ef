using Microsoft.Extensions.Logging;

namespace LbAcme.Functions.Functions;

/// <summary>
/// Every log line the functions write, with stable EventIds. Application Insights keeps the placeholders as
/// custom dimensions (AppTraces.Properties): the alerts in infra/modules/alerts.bicep read Lb, Outcome and
/// NotAfter from there, never from the message text.
/// </summary>
internal static partial class FunctionLog
{
    /// <summary>The one line per certificate of an LB invocation the alerts and the stand-in host read.</summary>
    public const int RenewalEndedEventId = 3001;

    /// <remarks>WillRetry is true when the queue will deliver the message again: that failure is not the last word.</remarks>
    [LoggerMessage(EventId = RenewalEndedEventId, Message = "Renewal of {Lb} certificate {Certificate} ended {Outcome}: {Reason}; serial {Serial}, not after {NotAfter}, problem {ProblemType}, delivery {Delivery}, will retry {WillRetry} ({Trigger})")]
    public static partial void RenewalEnded(ILogger logger, LogLevel level, string lb, string certificate, string outcome, string? reason, string? serial, string? notAfter, string? problemType, long delivery, bool willRetry, string trigger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Renewal message poisoned without retry ({Problem}): {Content}")]
    public static partial void MessagePoisoned(ILogger logger, string problem, string content);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Enqueued renewal of {Count} load balancer(s) for {Trigger} (past due: {IsPastDue})")]
    public static partial void Enqueued(ILogger logger, int count, string trigger, bool isPastDue);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Could not record {Lb} as poisoned: {Detail}")]
    public static partial void PoisonRecordFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Fleet name spelling: {Note}")]
    public static partial void NameSpelling(ILogger logger, string note);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "{Lb} is not in the fleet but left behind its certificate {Certificate} (if it still exists) and {BlobCount} blob(s): {Blobs}; delete them as infra/README.md 'Removing a load balancer' says, or add {Lb} back")]
    public static partial void LeftBehind(ILogger logger, string lb, string certificate, int blobCount, string blobs);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Certificate {Certificate} is not in the fleet but {Lb}'s copy {StoreName} (if it still exists) and {BlobCount} blob(s) remain: {Blobs}; delete them, or add {Certificate} back")]
    public static partial void CertificateLeftBehind(ILogger logger, string certificate, string lb, string storeName, int blobCount, string blobs);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Could not list what removed load balancers left behind: {Error}: {Detail}")]
    public static partial void LeftoversUnknown(ILogger logger, string error, string detail);
}
