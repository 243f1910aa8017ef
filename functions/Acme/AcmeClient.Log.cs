using Microsoft.Extensions.Logging;

namespace LbAcme.Acme;

public sealed partial class AcmeClient
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "ACME account {Account} {Outcome}")]
    private static partial void LogAccount(ILogger logger, Uri account, string outcome);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "ACME account {Account} now signs with a new key")]
    private static partial void LogKeyChanged(ILogger logger, Uri account);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "ACME order {Order} created for {Names}")]
    private static partial void LogOrderCreated(ILogger logger, Uri order, IReadOnlyList<string> names);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "The CA advertises no renewalInfo; not sending replaces={Replaces}")]
    private static partial void LogReplacesDropped(ILogger logger, string replaces);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "ACME order {Order} issued certificate {Serial}, not after {NotAfter}")]
    private static partial void LogIssued(ILogger logger, Uri order, string serial, DateTime notAfter);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Revoked certificate {Serial} with the {Signer}")]
    private static partial void LogRevoked(ILogger logger, string serial, string signer);
}
