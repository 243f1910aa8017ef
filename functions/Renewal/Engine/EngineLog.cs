using LbAcme.Renewal.Policy;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

public sealed partial class LbRenewal
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Skipping {Lb}: another run holds its lock")]
    private static partial void LogLocked(ILogger logger, string lb);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Renewing {Lb} certificate ({Reason})")]
    private static partial void LogRenewing(ILogger logger, string lb, RenewalReason reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Renewed {Lb} certificate {Serial}, not after {NotAfter}")]
    private static partial void LogRenewed(ILogger logger, string lb, string serial, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Renewal of {Lb} failed ({ProblemType}): {Detail}")]
    private static partial void LogFailed(ILogger logger, string lb, string problemType, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "ARI unavailable for {Lb}, using the lifetime backstop: {Detail}")]
    private static partial void LogAriUnavailable(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not remove challenges of {Lb}: {Detail}")]
    private static partial void LogCleanupFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Could not journal the attempt for {Lb}: {Detail}")]
    private static partial void LogJournalFailed(ILogger logger, string lb, string detail);
}
