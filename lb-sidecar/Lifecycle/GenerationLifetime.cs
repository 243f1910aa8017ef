namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// A generation's host lifetime: none of its own. The <see cref="Daemon"/> handles SIGTERM, SIGINT and SIGHUP for the
/// whole process and decides when a generation starts and stops; the default console lifetime would register every
/// generation's own handlers and stop that generation alone on SIGTERM.
/// </summary>
internal sealed class GenerationLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
