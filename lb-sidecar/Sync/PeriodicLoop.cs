namespace LbAcme.Sidecar.Sync;

/// <summary>
/// Runs a <see cref="IPeriodicRound"/> until stopped: a round, then a wait of the interval after a success or of
/// <see cref="Backoff.Delay"/> after a failure, counted from the end of the round so rounds never overlap. A
/// schedule's <see cref="RoundWake"/> may end either wait early.
/// </summary>
internal sealed class PeriodicLoop(TimeProvider time)
{
    public async Task RunAsync(IPeriodicRound round, CancellationToken stoppingToken)
    {
        var schedule = round.Schedule;
        await round.PrepareAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                await round.RunAsync(stoppingToken);
                round.Succeeded(failures);
                failures = 0;
                wait = schedule.Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Every failure is survivable: a store, HAProxy or the disk may all come back.
                failures++;
                wait = Backoff.Delay(schedule.FirstRetry, schedule.MaxBackoff, failures);
                round.Failed(e, failures, wait);
            }
            try
            {
                if (schedule.Wake is { } wake)
                {
                    await wake.WaitAsync(wait, stoppingToken);
                }
                else
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
