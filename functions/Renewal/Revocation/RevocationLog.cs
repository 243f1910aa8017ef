using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Revocation;

/// <summary>
/// The revocation's record (EventIds 2621-2629): one line per request with the LB, certificate, serial, reason and outcome as
/// properties, so Application Insights keeps who-revoked-what next to the renewal lines of the same LB.
/// </summary>
internal static partial class RevocationLog
{
    [LoggerMessage(EventId = 2621, Level = LogLevel.Warning, Message = "Revocation of {Lb} certificate {Certificate} ({StoreName}) serial {Serial} for {Reason}: {Outcome} (signed with {SignedWith}) {Detail}")]
    public static partial void Revocation(ILogger logger, string lb, string certificate, string storeName, string? serial, string reason, string outcome, string? signedWith, string? detail);
}
