using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>
/// Fake time that says when the code under test starts waiting on it: every timer created with a due time other
/// than <paramref name="ignored"/> (the per-request timeout) is announced, so a test moves time only while the
/// poller sits in its delay, never racing a poll in flight, and sees how long each wait was.
/// </summary>
internal sealed class WaitWatchingTimeProvider(DateTimeOffset start, TimeSpan ignored) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != ignored && dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Writer.TryWrite(dueTime);
        }
        return timer;
    }

    /// <summary>The next wait the code under test starts; fails after a real 10 s if it never does.</summary>
    public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>
    /// Lets every wait run out until <paramref name="work"/> ends (at most <paramref name="maxWaits"/> of them);
    /// returns the waits in order.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> AdvanceThroughWaitsAsync(Task work, int maxWaits)
    {
        var waits = new List<TimeSpan>();
        while (waits.Count < maxWaits)
        {
            var next = _waits.Reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(next, work).WaitAsync(TimeSpan.FromSeconds(10)) == work)
            {
                break;
            }
            var due = await _waits.Reader.ReadAsync();
            waits.Add(due);
            Advance(due);
        }
        return waits;
    }
}
