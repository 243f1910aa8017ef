using System.Threading.Channels;
using LbAcme.Sidecar.Sync;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// A round that only counts its runs (failing the first <c>failFirst</c>), reports each as it starts, and notes how
/// many timers the clock had made by then: the loop's wait after that run is the clock's timer of that number.
/// </summary>
internal sealed class CountingRound(RoundSchedule schedule, int failFirst, WakeClock clock) : IPeriodicRound
{
    private readonly Channel<int> _runs = Channel.CreateUnbounded<int>();
    private int _runCount;

    public RoundSchedule Schedule => schedule;

    public int Runs => Volatile.Read(ref _runCount);

    public List<int> TimersBeforeRun { get; } = [];

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (TimersBeforeRun)
        {
            TimersBeforeRun.Add(clock.Created);
        }
        var run = Interlocked.Increment(ref _runCount);
        _runs.Writer.TryWrite(run);
        return run <= failFirst ? Task.FromException(new IOException("store down")) : Task.CompletedTask;
    }

    public async Task<int> NextRunAsync() => await _runs.Reader.ReadAsync().AsTask().WaitAsync(WakeClock.Patience);

    public void Succeeded(int failuresBefore)
    {
    }

    public void Failed(Exception error, int failures, TimeSpan retryIn)
    {
    }
}
