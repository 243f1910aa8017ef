namespace LbAcme.Sidecar.Certificates;

internal sealed partial class CertificateSync
{
    [LoggerMessage(EventId = 3501, Level = LogLevel.Information, Message = "Certificate sync of {StoreName} into {PemPath}: deployed now {Serial}, checking every {IntervalSeconds} s")]
    private static partial void LogStarting(ILogger logger, string storeName, string pemPath, string serial, double intervalSeconds);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Information, Message = "Deployed certificate {Serial}, not after {NotAfter}, from store version {Version}: {How}")]
    private static partial void LogDeployed(ILogger logger, string serial, DateTimeOffset notAfter, string version, string how);

    [LoggerMessage(EventId = 3503, Level = LogLevel.Warning, Message = "Refused {StoreName} version {Version} ({Reason}): {Detail}; still serving {Serial}")]
    private static partial void LogRefused(ILogger logger, string storeName, string version, string reason, string detail, string serial);

    [LoggerMessage(EventId = 3504, Level = LogLevel.Warning, Message = "Certificate sync failed {Failures} time(s) in a row, retrying in {RetrySeconds:0.0} s; still serving {Serial}: {Error}")]
    private static partial void LogRoundFailed(ILogger logger, int failures, double retrySeconds, string serial, string error);

    [LoggerMessage(EventId = 3505, Level = LogLevel.Information, Message = "Certificate sync working again after {Failures} failed round(s)")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3506, Level = LogLevel.Warning, Message = "Wrote a self-signed bootstrap certificate {Serial} to {PemPath} because {Why}, so HAProxy can start")]
    private static partial void LogBootstrapped(ILogger logger, string pemPath, string serial, string why);

    [LoggerMessage(EventId = 3507, Level = LogLevel.Information, Message = "The certificate store has no {StoreName} yet")]
    private static partial void LogNotInStore(ILogger logger, string storeName);

    [LoggerMessage(EventId = 3508, Level = LogLevel.Warning, Message = "Could not write status/{Lb}, retrying next round: {Error}")]
    private static partial void LogStatusFailed(ILogger logger, string lb, string error);

    [LoggerMessage(EventId = 3509, Level = LogLevel.Warning, Message = "Cannot read the deployed certificate {PemPath}, treating it as absent: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string pemPath, string error);
}
