using LbAcme.Core.Served;

namespace LbAcme.Testing.Served;

/// <summary>The probe report store in memory: what a test says the probe saw, read back as the status would.</summary>
public sealed class MemoryServedReportStore : IServedReportStore
{
    private ServedReport? _latest;

    public MemoryServedReportStore(ServedReport? latest = null) => _latest = latest;

    public Task<ServedReport?> GetLatestAsync(CancellationToken cancellationToken) => Task.FromResult(Volatile.Read(ref _latest));

    public Task SaveAsync(ServedReport report, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _latest, report);
        return Task.CompletedTask;
    }
}
