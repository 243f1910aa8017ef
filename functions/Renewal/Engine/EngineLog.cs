using LbAcme.Renewal.Policy;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>The per-LB renewal's log events, in one place so each EventId has one owner whichever step logs it.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Skipping {Lb}: another run holds its lock")]
    public static partial void Locked(ILogger logger, string lb);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Renewing {Lb} certificate ({Reason})")]
    public static partial void Renewing(ILogger logger, string lb, RenewalReason reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Renewed {Lb} certificate {Serial}, not after {NotAfter}")]
    public static partial void Renewed(ILogger logger, string lb, string serial, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Renewal of {Lb} failed ({ProblemType}): {Detail}")]
    public static partial void Failed(ILogger logger, string lb, string problemType, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "ARI unavailable for {Lb}, using the lifetime backstop: {Detail}")]
    public static partial void AriUnavailable(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not remove challenges of {Lb}: {Detail}")]
    public static partial void CleanupFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Could not journal the attempt for {Lb}: {Detail}")]
    public static partial void JournalFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "The certificate store refused {Lb} certificate {Serial}; kept under pending/ for the next attempt: {Detail}")]
    public static partial void KeptPending(ILogger logger, string lb, string serial, string detail);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Dropped the pending certificate of {Lb}: {Detail}")]
    public static partial void DroppedPending(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Could not keep the issued certificate of {Lb}, the next attempt orders again: {Detail}")]
    public static partial void PendingLost(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Could not give back the issuance reservation of {Lb}; it expires with the 7-day window: {Detail}")]
    public static partial void ReleaseFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Imported the pending certificate of {Lb} but could not delete it; the next attempt imports it once more: {Detail}")]
    public static partial void PendingNotDeleted(ILogger logger, string lb, string detail);
}
