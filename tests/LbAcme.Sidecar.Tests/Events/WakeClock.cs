using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// A fake clock that reports each timer created on it (a wait registered, with its due time), so a test advances
/// time only once the code under test is provably waiting, and a task not completed after an advance short of that
/// due time provably is not.
/// </summary>
internal sealed class WakeClock : FakeTimeProvider
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private readonly List<TimeSpan> _all = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many timers were created so far.</summary>
    public int Created
    {
        get
        {
            lock (_lock)
            {
                return _all.Count;
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        TaskCompletionSource added;
        lock (_lock)
        {
            _all.Add(dueTime);
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.SetResult();
        return timer;
    }

    public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>The due time of the <paramref name="index"/>th timer created (from 0), once it is.</summary>
    public async Task<TimeSpan> WaitNumberAsync(int index)
    {
        while (true)
        {
            Task added;
            lock (_lock)
            {
                if (_all.Count > index)
                {
                    return _all[index];
                }
                added = _added.Task;
            }
            await added.WaitAsync(Patience);
        }
    }

    /// <summary>True when no timer was created since the last <see cref="NextWaitAsync"/>.</summary>
    public bool NoNewWait => !_waits.Reader.TryPeek(out _);
}
