using LbAcme.Sidecar.Sync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// The coalescing of new-version events into sync rounds, on a fake clock: the first wake after a quiet spell
/// starts a round at once, a burst within the window of that round's start costs exactly one more round at the
/// window's end, and a round that starts for any other reason (the poll) answers every wake before it.
/// </summary>
public sealed class RoundWakeTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task The_first_wake_after_a_quiet_spell_ends_the_wait_at_once()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        var start = clock.GetUtcNow();

        var waiting = wake.WaitAsync(Interval, CancellationToken.None);
        Assert.Equal(Interval, await clock.NextWaitAsync());
        Assert.False(waiting.IsCompleted);
        wake.Request();

        Assert.True(await waiting.WaitAsync(WakeClock.Patience));
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Equal(1, wake.Requested);
    }

    [Fact]
    public async Task A_wake_requested_before_the_wait_ends_it_without_waiting()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);

        wake.Request();

        Assert.True(await wake.WaitAsync(Interval, CancellationToken.None).WaitAsync(WakeClock.Patience));
        Assert.True(clock.NoNewWait);
    }

    [Fact]
    public async Task A_burst_within_the_window_costs_exactly_one_more_round_at_the_window_end()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        wake.Request();
        Assert.True(await wake.WaitAsync(Interval, CancellationToken.None)); // round 1 starts at t0

        // 1,000 duplicates while round 1 runs and after: all within the window of its start.
        for (var i = 0; i < 500; i++)
        {
            wake.Request();
        }
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var waiting = wake.WaitAsync(Interval, CancellationToken.None);
        Assert.Equal(Window - TimeSpan.FromMilliseconds(500), await clock.NextWaitAsync());
        for (var i = 0; i < 500; i++)
        {
            wake.Request();
        }
        clock.Advance(Window - TimeSpan.FromMilliseconds(500) - Tick);
        Assert.False(waiting.IsCompleted); // not before the window's end ...
        clock.Advance(Tick);
        Assert.True(await waiting.WaitAsync(WakeClock.Patience)); // ... and then at once: round 2

        // Round 2 answered them all: the next wait is the whole interval.
        var quiet = wake.WaitAsync(Interval, CancellationToken.None);
        Assert.Equal(Interval, await clock.NextWaitAsync());
        clock.Advance(Interval - Tick);
        Assert.False(quiet.IsCompleted);
        clock.Advance(Tick);
        Assert.False(await quiet.WaitAsync(WakeClock.Patience));
        Assert.Equal(1001, wake.Requested);
    }

    [Fact]
    public async Task A_poll_round_answers_the_wakes_before_it()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        var shortInterval = TimeSpan.FromSeconds(1);
        wake.Request();
        Assert.True(await wake.WaitAsync(shortInterval, CancellationToken.None)); // round at t0
        clock.Advance(TimeSpan.FromMilliseconds(500));
        wake.Request(); // due at t0 + 2 s, the window's end

        // The poll is due first (t0 + 1.5 s): its round answers the wake, which ends no later wait.
        var poll = wake.WaitAsync(shortInterval, CancellationToken.None);
        Assert.Equal(shortInterval, await clock.NextWaitAsync());
        clock.Advance(shortInterval);
        Assert.False(await poll.WaitAsync(WakeClock.Patience));
        var next = wake.WaitAsync(shortInterval, CancellationToken.None);
        Assert.Equal(shortInterval, await clock.NextWaitAsync());
        clock.Advance(TimeSpan.FromMilliseconds(500)); // past the window's end
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(await next.WaitAsync(WakeClock.Patience));
    }

    [Fact]
    public async Task A_wake_during_a_failed_rounds_backoff_starts_the_retry_at_once()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        var round = new CountingRound(new RoundSchedule(Interval, FirstRetry: TimeSpan.FromSeconds(30), MaxBackoff: TimeSpan.FromMinutes(1), wake), failFirst: 1, clock);
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(clock).RunAsync(round, stop.Token);

        await round.NextRunAsync(); // fails
        var backoff = await clock.NextWaitAsync();
        Assert.InRange(backoff, TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        var before = clock.GetUtcNow();
        wake.Request();
        await round.NextRunAsync(); // the retry, without the clock moving

        Assert.Equal(before, clock.GetUtcNow());
        Assert.Equal(Interval, await clock.NextWaitAsync()); // it succeeded: back to the poll
        await stop.CancelAsync();
        await loop.WaitAsync(WakeClock.Patience);
        Assert.Equal(2, round.Runs);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_whether_a_wake_is_pending_or_not()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        using (var idle = new CancellationTokenSource())
        {
            var waiting = wake.WaitAsync(Interval, idle.Token);
            await clock.NextWaitAsync();
            await idle.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(WakeClock.Patience));
        }

        wake.Request();
        Assert.True(await wake.WaitAsync(Interval, CancellationToken.None));
        wake.Request(); // pending until the window's end
        using var pending = new CancellationTokenSource();
        var coalescing = wake.WaitAsync(Interval, pending.Token);
        Assert.Equal(Window, await clock.NextWaitAsync());
        await pending.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => coalescing.WaitAsync(WakeClock.Patience));
    }

    [Fact]
    public async Task Requests_from_many_threads_at_once_all_count_and_wake_one_round_then_one_more_at_the_window_end()
    {
        const int Threads = 8;
        const int PerThread = 10_000;
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        var first = wake.WaitAsync(Interval, CancellationToken.None);
        await clock.NextWaitAsync();

        using var go = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            go.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                wake.Request();
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => Assert.True(t.Join(WakeClock.Patience)));

        Assert.Equal(Threads * PerThread, wake.Requested);
        Assert.True(await first.WaitAsync(WakeClock.Patience));
        // The clock has not moved: whatever came after the first wake waits for the window's end, and only one round's worth.
        var second = wake.WaitAsync(Interval, CancellationToken.None);
        var due = await clock.NextWaitAsync();
        Assert.True(due == Window || due == Interval, $"waits {due}");
        Assert.False(second.IsCompleted);
        clock.Advance(Window);
        if (due == Window)
        {
            Assert.True(await second.WaitAsync(WakeClock.Patience));
            var third = wake.WaitAsync(Interval, CancellationToken.None);
            Assert.Equal(Interval, await clock.NextWaitAsync());
            Assert.False(third.IsCompleted);
        }
        else
        {
            Assert.False(second.IsCompleted); // every request was merged into the first round
        }
    }

    [Fact]
    public async Task A_thousand_duplicates_within_a_second_cost_the_loop_two_rounds()
    {
        var clock = new WakeClock();
        var wake = new RoundWake(clock, Window);
        var round = new CountingRound(new RoundSchedule(Interval, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), wake), failFirst: 0, clock);
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(clock).RunAsync(round, stop.Token);
        await round.NextRunAsync(); // the start round
        Assert.Equal(Interval, await clock.NextWaitAsync());

        wake.Request();
        await round.NextRunAsync(); // at once
        for (var i = 1; i < 1000; i++)
        {
            wake.Request();
            clock.Advance(Tick); // 999 ms for the burst
        }
        clock.Advance(Window); // well past the window's end
        await round.NextRunAsync(); // the one trailing round

        // Nothing is pending any more: the wait after the trailing round is the whole interval.
        Assert.Equal(Interval, await clock.WaitNumberAsync(round.TimersBeforeRun[^1]));
        Assert.Equal(3, round.Runs);
        Assert.Equal(1000, wake.Requested);
        await stop.CancelAsync();
        await loop.WaitAsync(WakeClock.Patience);
        Assert.Equal(3, round.Runs);
    }
}
