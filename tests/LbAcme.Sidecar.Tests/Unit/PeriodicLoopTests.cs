using System.Threading.Channels;
using LbAcme.Sidecar.Sync;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// The loop both syncs share, on a fake clock. Time is advanced only once the loop has registered its wait (seen
/// through the clock's timer creation), so no step races the loop: each assertion follows a provable state.
/// </summary>
public sealed class PeriodicLoopTests
{
    private static readonly RoundSchedule Schedule = new(Interval: TimeSpan.FromSeconds(60), FirstRetry: TimeSpan.FromSeconds(2), MaxBackoff: TimeSpan.FromSeconds(10));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_success_waits_the_interval_failures_back_off_with_jitter_and_recovery_is_reported()
    {
        var time = new ObservedTime();
        var round = new ScriptedRound(Ok, Fail, Fail, Ok);
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(time).RunAsync(round, stop.Token);

        Assert.Equal(Schedule.Interval, await time.NextWaitAsync());
        Assert.Equal(1, round.Prepared);
        Assert.Equal([0], round.Successes);
        time.Advance(Schedule.Interval - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, round.Runs); // not due yet
        time.Advance(TimeSpan.FromMilliseconds(1));

        var firstRetry = await time.NextWaitAsync();
        Assert.Equal(2, round.Runs);
        Assert.Equal((1, firstRetry), Assert.Single(round.Failures));
        Assert.InRange(firstRetry, Schedule.FirstRetry * 0.8, Schedule.FirstRetry * 1.2);
        time.Advance(firstRetry);

        var secondRetry = await time.NextWaitAsync();
        Assert.Equal((2, secondRetry), round.Failures[1]);
        Assert.InRange(secondRetry, Schedule.FirstRetry * 1.6, Schedule.FirstRetry * 2.4);
        time.Advance(secondRetry);

        Assert.Equal(Schedule.Interval, await time.NextWaitAsync());
        Assert.Equal([0, 2], round.Successes);
        Assert.Equal(4, round.Runs);
        Assert.Equal(1, round.Prepared);
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task Backoff_never_waits_longer_than_the_maximum()
    {
        var time = new ObservedTime();
        var round = new ScriptedRound([.. Enumerable.Repeat<Func<CancellationToken, Task>>(Fail, 8)]);
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(time).RunAsync(round, stop.Token);

        for (var failure = 1; failure <= 8; failure++)
        {
            var wait = await time.NextWaitAsync();
            Assert.Equal((failure, wait), round.Failures[^1]);
            Assert.True(wait <= Schedule.MaxBackoff, $"failure {failure} waits {wait}");
            time.Advance(wait);
        }
        Assert.Equal(Schedule.Interval, await time.NextWaitAsync()); // the script is spent: a success
        await stop.CancelAsync();
        await loop.WaitAsync(Patience);
    }

    [Fact]
    public async Task Stopping_during_the_wait_ends_the_loop_without_another_round()
    {
        var time = new ObservedTime();
        var round = new ScriptedRound(Ok);
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(time).RunAsync(round, stop.Token);
        await time.NextWaitAsync();

        await stop.CancelAsync();
        await loop.WaitAsync(Patience);

        Assert.Equal(TaskStatus.RanToCompletion, loop.Status);
        Assert.Equal(1, round.Runs);
    }

    [Fact]
    public async Task A_round_canceled_by_the_stop_ends_the_loop_and_is_not_a_failure()
    {
        var time = new ObservedTime();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = new ScriptedRound(async token =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
        });
        using var stop = new CancellationTokenSource();
        var loop = new PeriodicLoop(time).RunAsync(round, stop.Token);
        await started.Task.WaitAsync(Patience);

        await stop.CancelAsync();
        await loop.WaitAsync(Patience);

        Assert.Equal(TaskStatus.RanToCompletion, loop.Status);
        Assert.Empty(round.Failures);
        Assert.Empty(round.Successes);
    }

    private static Task Ok(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Task Fail(CancellationToken cancellationToken) => Task.FromException(new IOException("store down"));

    /// <summary>A fake clock that reports each timer created on it: the loop's wait, with its due time.</summary>
    private sealed class ObservedTime : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _waits.Writer.TryWrite(dueTime);
            return timer;
        }

        public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(Patience);
    }

    /// <summary>Runs the given rounds in order, then succeeds; records what the loop told it.</summary>
    private sealed class ScriptedRound(params Func<CancellationToken, Task>[] script) : IPeriodicRound
    {
        public RoundSchedule Schedule => PeriodicLoopTests.Schedule;

        public int Prepared { get; private set; }

        public int Runs { get; private set; }

        public List<int> Successes { get; } = [];

        public List<(int Failures, TimeSpan RetryIn)> Failures { get; } = [];

        public Task PrepareAsync(CancellationToken cancellationToken)
        {
            Prepared++;
            return Task.CompletedTask;
        }

        public Task RunAsync(CancellationToken cancellationToken)
        {
            var round = Runs++;
            return round < script.Length ? script[round](cancellationToken) : Task.CompletedTask;
        }

        public void Succeeded(int failuresBefore) => Successes.Add(failuresBefore);

        public void Failed(Exception error, int failures, TimeSpan retryIn) => Failures.Add((failures, retryIn));
    }
}
