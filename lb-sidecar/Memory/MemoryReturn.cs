using LbAcme.Sidecar.Sync;

namespace LbAcme.Sidecar.Memory;

/// <summary>
/// Gives memory back once a burst of load is over. A flood grows the heap (connection state, Kestrel's pinned
/// buffers), and when it stops nothing allocates any more, so no collection ever runs to free and decommit what the
/// flood left: GC settings cannot help a heap that is never collected. So every <see cref="Interval"/> this looks at
/// the resident size and at how much was allocated since the last look; when the process has grown by
/// <see cref="Growth"/> above the smallest it has been and is quiet again, one aggressive (compacting, decommitting)
/// full collection runs (after the idle buffer blocks are let go). At most one per interval, only after growth, never
/// during load (it would be undone at once, and a blocking collection is a pause the load would feel).
/// </summary>
internal sealed partial class MemoryReturn(BoundedBlockPoolFactory blockPools, ILogger<MemoryReturn> logger) : IPeriodicRound
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Less than this allocated in an interval is quiet: the trickle of probes, store polls and CA requests.</summary>
    public const long QuietAllocationBytes = 16L * 1024 * 1024;

    /// <summary>Growth of the resident size above the smallest it has been that is worth a full collection.</summary>
    public const long Growth = 24L * 1024 * 1024;

    /// <summary>Most intervals between two returns while the process stays grown (memory that is live, not left over).</summary>
    public const int MaxIntervalsBetweenReturns = 32;

    private long _allocated;
    private long _floor;
    private int _intervalsBetweenReturns = 1;
    private int _intervalsToWait;

    public RoundSchedule Schedule => new(Interval, Interval, Interval);

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        _allocated = GC.GetTotalAllocatedBytes();
        _floor = Environment.WorkingSet;
        return Task.CompletedTask;
    }

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var resident = Environment.WorkingSet;
        var quiet = allocated - _allocated < QuietAllocationBytes;
        _allocated = allocated;
        _floor = Math.Min(_floor, resident);
        if (resident - _floor < Growth)
        {
            _intervalsBetweenReturns = 1;
            _intervalsToWait = 0;
            return Task.CompletedTask;
        }
        if (!quiet || --_intervalsToWait > 0)
        {
            return Task.CompletedTask;
        }
        blockPools.DropIdleBlocks();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo();
        LogReturned(logger, resident >> 20, Environment.WorkingSet >> 20, heap.HeapSizeBytes >> 20);
        // Still grown: what is left is live, or is freed slowly (Kestrel's own buffer pool gives back 5% of its idle
        // blocks every 10 s); try again, less and less often, so a process that simply needs more memory now costs
        // one collection every few minutes at most.
        _intervalsBetweenReturns = Math.Min(_intervalsBetweenReturns * 2, MaxIntervalsBetweenReturns);
        _intervalsToWait = _intervalsBetweenReturns;
        return Task.CompletedTask;
    }

    public void Succeeded(int failuresBefore)
    {
    }

    public void Failed(Exception error, int failures, TimeSpan retryIn) => LogFailed(logger, error);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Information,
        Message = "Load is over: returned memory, resident {BeforeMiB} MiB -> {AfterMiB} MiB (GC heap {HeapMiB} MiB)")]
    private static partial void LogReturned(ILogger logger, long beforeMiB, long afterMiB, long heapMiB);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Warning, Message = "Returning memory after load failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}
