using LbAcme.Core.Served;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Served;

/// <summary>The probe's log lines: one per finding that is not ok, one summary per run.</summary>
public sealed partial class ServedProbe
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Probe of {Address} ({Kind} {Lb}) for {ServerName}: no certificate, {Failure}: {Error}")]
    private static partial void NoCertificate(ILogger logger, string address, ServedAddressKind kind, string lb, string serverName, string failure, string error);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Probe of {Address} ({Kind} {Lb}) for {ServerName}: certificate {Serial} is not ok: {Problems}")]
    private static partial void NotOk(ILogger logger, string address, ServedAddressKind kind, string lb, string serverName, string? serial, string problems);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Probe cannot check served chains: {Problem}")]
    private static partial void RootsUnavailable(ILogger logger, string problem);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Probed {Addresses} address(es) with {Handshakes} handshake(s) in {ElapsedMilliseconds} ms: {Ok} ok, {NotOk} not ok, {Failed} without a certificate")]
    private static partial void Probed(ILogger logger, int addresses, int handshakes, int ok, int notOk, int failed, long elapsedMilliseconds);
}
