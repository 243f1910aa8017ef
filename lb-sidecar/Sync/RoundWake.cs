namespace LbAcme.Sidecar.Sync;

/// <summary>
/// Lets something outside a <see cref="PeriodicLoop"/> (daprd delivering a new-version event) start the next round
/// before its wait is over. A wake only moves the next round earlier: the round itself re-reads everything, so a
/// duplicate, late or out-of-order wake costs at most a read. Wakes are coalesced: the first wake after a quiet spell
/// starts a round at once; every wake within <c>coalesceWindow</c> of that round's start is merged into one more
/// round at the window's end (it may name a version the first round did not see yet). So any burst costs at most two
/// rounds per window, and a round that starts for any reason (the poll included) answers every wake before it.
/// <see cref="Request"/> may be called on any thread, the socket event loop included: it takes a lock for a few
/// assignments and completes a task whose continuation runs asynchronously, on the loop's own scheduler.
/// </summary>
internal sealed class RoundWake(TimeProvider time, TimeSpan coalesceWindow)
{
    private readonly Lock _gate = new();
    private bool _pending;
    private long? _lastWokenAt;
    private long _requested;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many wakes were requested since start (for metrics and tests).</summary>
    public long Requested => Interlocked.Read(ref _requested);

    /// <summary>Asks for a round as soon as the coalescing allows; never blocks.</summary>
    public void Request()
    {
        Interlocked.Increment(ref _requested);
        TaskCompletionSource signal;
        lock (_gate)
        {
            _pending = true;
            signal = _signal;
        }
        signal.TrySetResult();
    }

    /// <summary>
    /// Waits <paramref name="wait"/>, or less when a wake is due. True: a wake ended the wait; false: the wait ran
    /// out. Either way the round about to start answers every wake requested before now.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        while (true)
        {
            Task? signal;
            TimeSpan sleep;
            lock (_gate)
            {
                var left = wait - time.GetElapsedTime(start);
                if (_pending)
                {
                    var untilDue = _lastWokenAt is { } last ? coalesceWindow - time.GetElapsedTime(last) : TimeSpan.Zero;
                    if (untilDue <= TimeSpan.Zero)
                    {
                        _pending = false;
                        _lastWokenAt = time.GetTimestamp();
                        return true;
                    }
                    if (left <= TimeSpan.Zero)
                    {
                        _pending = false;
                        return false;
                    }
                    signal = null; // already pending: only the window's end matters
                    sleep = untilDue < left ? untilDue : left;
                }
                else
                {
                    if (left <= TimeSpan.Zero)
                    {
                        return false;
                    }
                    if (_signal.Task.IsCompleted)
                    {
                        _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                    signal = _signal.Task;
                    sleep = left;
                }
            }
            using var sleeping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(sleep, time, sleeping.Token);
            if (signal is null)
            {
                try
                {
                    await delay;
                }
                catch (OperationCanceledException)
                {
                    // the caller's token: thrown below
                }
            }
            else
            {
                await Task.WhenAny(signal, delay);
                await sleeping.CancelAsync();
            }
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
