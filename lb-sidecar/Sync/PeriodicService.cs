namespace LbAcme.Sidecar.Sync;

/// <summary>The hosted service that runs one <typeparamref name="TRound"/> in a <see cref="PeriodicLoop"/>; registered only when the round has work.</summary>
internal sealed class PeriodicService<TRound>(TRound round, PeriodicLoop loop) : BackgroundService
    where TRound : class, IPeriodicRound
{
    public TRound Round => round;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => loop.RunAsync(round, stoppingToken);
}
