namespace LbAcme.Sidecar.Certificates;

internal sealed partial class CertificateSync
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Certificate sync of {StoreName} into {PemPath}: deployed now {Serial}, checking every {IntervalSeconds} s")]
    private static partial void LogStarting(ILogger logger, string storeName, string pemPath, string serial, double intervalSeconds);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Deployed certificate {Serial}, not after {NotAfter}, from store version {Version}: {How}")]
    private static partial void LogDeployed(ILogger logger, string serial, DateTimeOffset notAfter, string version, string how);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Refused {StoreName} version {Version} ({Reason}): {Detail}; still serving {Serial}")]
    private static partial void LogRefused(ILogger logger, string storeName, string version, string reason, string detail, string serial);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Certificate sync failing: {Reason}; retrying in {RetryIn}, backing off to {MaxBackoff}; still serving {Serial}")]
    private static partial void LogRoundFailing(ILogger logger, string reason, string retryIn, string maxBackoff, string serial);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Information, Message = "Certificate sync working again after {Failures} failed attempts / {Duration}")]
    private static partial void LogRecovered(ILogger logger, int failures, string duration);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "Wrote a self-signed bootstrap certificate {Serial} to {PemPath} because {Why}, so HAProxy can start")]
    private static partial void LogBootstrapped(ILogger logger, string pemPath, string serial, string why);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Information, Message = "The certificate store has no {StoreName} yet")]
    private static partial void LogNotInStore(ILogger logger, string storeName);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Warning, Message = "Could not write status/{Lb}: {Reason}; retrying with each round (every {Interval}, backing off to {MaxBackoff} while failing)")]
    private static partial void LogStatusFailed(ILogger logger, string lb, string reason, string interval, string maxBackoff);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Warning, Message = "Cannot read the deployed certificate {PemPath}, treating it as absent: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string pemPath, string error);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Error, Message = "Certificate deploy failing: {Reason}; retrying in {RetryIn}, backing off to {MaxBackoff}; still serving {Serial}")]
    private static partial void LogDeployFailing(ILogger logger, string reason, string retryIn, string maxBackoff, string serial);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Debug, Message = "Certificate sync still failing, now: {Reason} ({Failures} failed attempts; retrying in {RetryIn})")]
    private static partial void LogStillFailing(ILogger logger, string reason, int failures, TimeSpan retryIn);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Debug, Message = "Certificate sync attempt {Failures} failed")]
    private static partial void LogFailureDetail(ILogger logger, int failures, Exception error);

    [LoggerMessage(EventId = 3513, Level = LogLevel.Information, Message = "status/{Lb} is up to date again after {Failures} failed writes / {Duration}")]
    private static partial void LogStatusRecovered(ILogger logger, string lb, int failures, string duration);

    [LoggerMessage(EventId = 3514, Level = LogLevel.Warning, Message = "Not deploying {StoreName} version {Version} yet ({Reason}): {Detail}; still serving {Serial}")]
    private static partial void LogRefusedForNow(ILogger logger, string storeName, string version, string reason, string detail, string serial);
}
