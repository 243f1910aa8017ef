namespace LbAcme.Sidecar.Sync;

/// <summary>
/// The hosted service that runs one <typeparamref name="TRound"/> in a <see cref="PeriodicLoop"/> on the
/// <see cref="BackgroundScheduler"/>, off the socket event loop; registered only when the round has work.
/// </summary>
internal sealed class PeriodicService<TRound>(TRound round, PeriodicLoop loop) : BackgroundService
    where TRound : class, IPeriodicRound
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundScheduler.Run(() => loop.RunAsync(round, stoppingToken), stoppingToken);
}
