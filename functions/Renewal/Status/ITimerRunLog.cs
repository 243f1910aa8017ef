namespace LbAcme.Renewal.Status;

/// <summary>Where the renewal timer says it ran, so the status can tell a stopped schedule (the dead-man's switch).</summary>
public interface ITimerRunLog
{
    Task RecordAsync(TimerRun run, CancellationToken cancellationToken);

    /// <summary>The latest firing, or null when the timer has never recorded one.</summary>
    Task<TimerRun?> GetLastAsync(CancellationToken cancellationToken);
}
