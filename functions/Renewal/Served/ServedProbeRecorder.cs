using LbAcme.Core.Served;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Served;

/// <summary>Runs the probe and stores its report where the status reads it.</summary>
public sealed partial class ServedProbeRecorder(IServedProbe probe, IServedReportStore store, ILogger<ServedProbeRecorder> logger)
{
    /// <summary>Probes now and stores the report; a store that cannot be written throws.</summary>
    public async Task<ServedReport> RecordAsync(CancellationToken cancellationToken)
    {
        var report = await probe.RunAsync(cancellationToken);
        await store.SaveAsync(report, cancellationToken);
        return report;
    }

    /// <summary>
    /// The same for a caller whose own job is done and must not fail for this (the renewal timer): a failure is a
    /// log line, the answer null.
    /// </summary>
    public async Task<ServedReport?> TryRecordAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RecordAsync(cancellationToken);
        }
#pragma warning disable CA1031 // a probe or store failure is reported, never a failed renewal run
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            NotRecorded(logger, e.GetType().Name, e.Message.Split('\n', 2)[0].Trim());
            return null;
        }
    }

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "The served-certificate probe was not recorded: {Error}: {Detail}")]
    private static partial void NotRecorded(ILogger logger, string error, string detail);
}
