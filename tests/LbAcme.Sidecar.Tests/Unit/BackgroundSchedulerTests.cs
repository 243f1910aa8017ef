using LbAcme.Sidecar.Sync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>
/// Code started on <see cref="BackgroundScheduler"/> resumes on the thread pool even when what it awaited was
/// completed by a thread outside the pool, as a socket completion is on the event loop; the control shows the same
/// code started elsewhere resumes on that outside thread.
/// </summary>
public sealed class BackgroundSchedulerTests
{
    private const int Awaits = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_continuation_after_an_await_completed_off_the_pool_runs_on_the_pool()
    {
        var (loop, resumedOn) = await ResumeAfterOutsideCompletionsAsync(work => BackgroundScheduler.Run(work, CancellationToken.None));

        Assert.Equal(Awaits, resumedOn.Count);
        Assert.All(resumedOn, thread => Assert.True(thread.IsPool && thread.Id != loop, $"resumed on thread {thread.Id} (loop {loop}, pool {thread.IsPool})"));
    }

    [Fact]
    public async Task Control_without_the_scheduler_the_continuation_runs_on_the_completing_thread()
    {
        var (loop, resumedOn) = await ResumeAfterOutsideCompletionsAsync(work => Task.Run(work));

        Assert.Contains(resumedOn, thread => thread.Id == loop);
    }

    [Fact]
    public async Task A_periodic_service_runs_its_round_on_the_background_scheduler()
    {
        var round = new RecordingRound();
        using var service = new PeriodicService<RecordingRound>(round, new PeriodicLoop(TimeProvider.System));

        await service.StartAsync(CancellationToken.None);
        var scheduler = await round.Scheduler.Task.WaitAsync(Patience);
        await service.StopAsync(CancellationToken.None);

        Assert.Same(BackgroundScheduler.Instance, scheduler);
    }

    /// <summary>
    /// Awaits in a row, each completed by one dedicated non-pool thread (the "loop") running continuations inline.
    /// The loop waits a moment before completing so the await has registered; an await that had not yet resumes on
    /// its own pool thread, which can only hide a loop resumption, so the control asks for one among all of them.
    /// </summary>
    private static async Task<(int Loop, List<(int Id, bool IsPool)> ResumedOn)> ResumeAfterOutsideCompletionsAsync(Func<Func<Task>, Task> start)
    {
        var signals = Enumerable.Range(0, Awaits).Select(_ => new TaskCompletionSource()).ToList();
        var awaiting = Enumerable.Range(0, Awaits).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var resumedOn = new List<(int, bool)>();
        var work = start(async () =>
        {
            foreach (var (signal, ready) in signals.Zip(awaiting))
            {
                var pending = signal.Task;
                ready.SetResult();
                await pending;
                resumedOn.Add((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread));
            }
        });
        var loopId = 0;
        var loop = new Thread(() =>
        {
            loopId = Environment.CurrentManagedThreadId;
            foreach (var (signal, ready) in signals.Zip(awaiting))
            {
                ready.Task.Wait(Patience);
                Thread.Sleep(20);
                signal.SetResult(); // completes inline, like a socket completion on the event loop
            }
        })
        {
            IsBackground = true,
        };
        loop.Start();
        await work.WaitAsync(Patience);
        loop.Join(Patience);
        return (loopId, resumedOn);
    }

    private sealed class RecordingRound : IPeriodicRound
    {
        public TaskCompletionSource<TaskScheduler> Scheduler { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RoundSchedule Schedule { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(1), TimeSpan.FromHours(1));

        public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RunAsync(CancellationToken cancellationToken)
        {
            Scheduler.TrySetResult(TaskScheduler.Current);
            return Task.CompletedTask;
        }

        public void Succeeded(int failuresBefore)
        {
        }

        public void Failed(Exception error, int failures, TimeSpan retryIn)
        {
        }
    }
}
