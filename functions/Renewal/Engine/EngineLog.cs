using LbAcme.Renewal.Policy;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// The per-LB renewal's log events, in one place so each EventId has one owner whichever step logs it. Events about one
/// certificate name it; {Subject} is the (LB, certificate) key ("{lb}" for the default certificate, "{lb}.{certificate}").
/// </summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Skipping {Lb}: another run holds its lock")]
    public static partial void Locked(ILogger logger, string lb);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Renewing {Lb} certificate {Certificate} ({Reason})")]
    public static partial void Renewing(ILogger logger, string lb, string certificate, RenewalReason reason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Renewed {Lb} certificate {Certificate}: serial {Serial}, not after {NotAfter}")]
    public static partial void Renewed(ILogger logger, string lb, string certificate, string serial, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Renewal of {Lb} certificate {Certificate} failed ({ProblemType}): {Detail}")]
    public static partial void Failed(ILogger logger, string lb, string certificate, string problemType, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "ARI unavailable for {Subject}, using the lifetime backstop: {Detail}")]
    public static partial void AriUnavailable(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Could not remove challenges of {Lb}: {Detail}")]
    public static partial void CleanupFailed(ILogger logger, string lb, string detail);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Could not journal the attempt for {Subject}: {Detail}")]
    public static partial void JournalFailed(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "The certificate store refused {Subject} certificate {Serial}; kept under pending/ for the next attempt: {Detail}")]
    public static partial void KeptPending(ILogger logger, string subject, string serial, string detail);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Dropped the pending certificate of {Subject}: {Detail}")]
    public static partial void DroppedPending(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Could not keep the issued certificate of {Subject}, the next attempt orders again: {Detail}")]
    public static partial void PendingLost(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Could not give back the issuance reservation of {Subject}; it expires with the 7-day window: {Detail}")]
    public static partial void ReleaseFailed(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Imported the pending certificate of {Subject} but could not delete it; the next attempt imports it once more: {Detail}")]
    public static partial void PendingNotDeleted(ILogger logger, string subject, string detail);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "{Lb} certificate {Certificate} is due ({Reason}) but waits until {Until} for {Limit}")]
    public static partial void Waiting(ILogger logger, string lb, string certificate, RenewalReason reason, DateTimeOffset until, string limit);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Could not count a failed validation against the budget: {Detail}")]
    public static partial void FailedValidationNotRecorded(ILogger logger, string detail);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "{Lb} certificate {Certificate} was renewed by an earlier delivery of this request; not ordering again")]
    public static partial void AlreadyRenewed(ILogger logger, string lb, string certificate);
}
