namespace LbAcme.Sidecar.Certificates;

internal sealed partial class CertificateSlot
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Certificate sync of {Certificate} ({StoreName}) into {PemPath}: deployed now {Serial}, checking every {IntervalSeconds} s")]
    private static partial void LogStarting(ILogger logger, string certificate, string storeName, string pemPath, string serial, double intervalSeconds);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Deployed certificate {Certificate} {Serial}, not after {NotAfter}, from store version {Version}: {How}")]
    private static partial void LogDeployed(ILogger logger, string certificate, string serial, DateTimeOffset notAfter, string version, string how);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Error, Message = "Refused {StoreName} version {Version} ({Reason}): {Detail}; still serving {Serial}")]
    private static partial void LogRefused(ILogger logger, string storeName, string version, string reason, string detail, string serial);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Certificate sync of {Certificate} failing: {Reason}; retrying in {RetryIn}, backing off to {MaxBackoff}; still serving {Serial}")]
    private static partial void LogRoundFailing(ILogger logger, string certificate, string reason, string retryIn, string maxBackoff, string serial);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Information, Message = "Certificate sync of {Certificate} working again after {Failures} failed attempts / {Duration}")]
    private static partial void LogRecovered(ILogger logger, string certificate, int failures, string duration);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "Wrote a self-signed bootstrap certificate {Serial} to {PemPath} because {Why}, so HAProxy can start")]
    private static partial void LogBootstrapped(ILogger logger, string pemPath, string serial, string why);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Information, Message = "The certificate store has no {StoreName} yet")]
    private static partial void LogNotInStore(ILogger logger, string storeName);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Warning, Message = "Cannot read the deployed certificate {PemPath}, treating it as absent: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string pemPath, string error);

    [LoggerMessage(EventId = 3510, Level = LogLevel.Error, Message = "Certificate deploy of {Certificate} failing: {Reason}; retrying in {RetryIn}, backing off to {MaxBackoff}; still serving {Serial}")]
    private static partial void LogDeployFailing(ILogger logger, string certificate, string reason, string retryIn, string maxBackoff, string serial);

    [LoggerMessage(EventId = 3511, Level = LogLevel.Debug, Message = "Certificate sync of {Certificate} still failing, now: {Reason} ({Failures} failed attempts)")]
    private static partial void LogStillFailing(ILogger logger, string certificate, string reason, int failures);

    [LoggerMessage(EventId = 3512, Level = LogLevel.Debug, Message = "Certificate sync of {Certificate}: attempt {Failures} failed")]
    private static partial void LogFailureDetail(ILogger logger, string certificate, int failures, Exception error);

    [LoggerMessage(EventId = 3514, Level = LogLevel.Warning, Message = "Not deploying {StoreName} version {Version} yet ({Reason}): {Detail}; still serving {Serial}")]
    private static partial void LogRefusedForNow(ILogger logger, string storeName, string version, string reason, string detail, string serial);
}
