using LbAcme.Core.Fleet;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Queue;
using LbAcme.Renewal.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace LbAcme.Functions.Tests.Status;

/// <summary>The dead-man's switch hears the timer: each firing is recorded; a manual renew is not; a failed record never fails the run.</summary>
public sealed class TimerRunRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 17, 0, TimeSpan.Zero);
    private static readonly LoadBalancerOptions[] Lbs = [new() { Name = "lb0" }, new() { Name = "lb1" }];

    [Fact]
    public async Task A_timer_firing_is_recorded_with_its_time_and_LB_count()
    {
        var log = new RecordingLog();

        await Enqueuer(log).EnqueueAsync(Lbs, FunctionNames.RenewalTimer, force: false, isPastDue: false, CancellationToken.None);

        Assert.Equal(new TimerRun(Now, 2), Assert.Single(log.Runs));
    }

    [Fact]
    public async Task A_manual_renew_is_not_a_timer_run()
    {
        var log = new RecordingLog();

        await Enqueuer(log).EnqueueAsync(Lbs, FunctionNames.Renew, force: true, isPastDue: false, CancellationToken.None);

        Assert.Empty(log.Runs);
    }

    [Fact]
    public async Task A_record_that_cannot_be_written_leaves_the_enqueued_messages_standing()
    {
        var enqueued = await Enqueuer(new RecordingLog { Fail = true }).EnqueueAsync(Lbs, FunctionNames.RenewalTimer, false, false, CancellationToken.None);

        Assert.Equal(["lb0", "lb1"], enqueued.Select(e => e.Message.Lb));
    }

    private static RenewalEnqueuer Enqueuer(ITimerRunLog log) =>
        new(new AcceptingQueue(), log, new FixedClock(), NullLogger<RenewalEnqueuer>.Instance);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class RecordingLog : ITimerRunLog
    {
        public List<TimerRun> Runs { get; } = [];

        public bool Fail { get; init; }

        public Task RecordAsync(TimerRun run, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new Azure.RequestFailedException(503, "the store is down");
            }
            Runs.Add(run);
            return Task.CompletedTask;
        }

        public Task<TimerRun?> GetLastAsync(CancellationToken cancellationToken) => Task.FromResult(Runs.LastOrDefault());
    }

    private sealed class AcceptingQueue : IRenewalRequests
    {
        public Task<IReadOnlyList<string>> EnqueueAsync(IReadOnlyList<RenewalMessage> messages, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([.. messages.Select((_, i) => $"id-{i}")]);

        public Task PoisonAsync(string messageText, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
