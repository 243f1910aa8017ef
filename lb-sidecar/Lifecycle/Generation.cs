using LbAcme.Sidecar.Challenges;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// One configuration's whole daemon: a web application (Kestrel on lent descriptors of the shared listening
/// sockets, every service built from that configuration) and its background loops. A reload builds the next one
/// and retires this one; nothing of a configuration outlives its generation except the challenge cache it hands on.
/// </summary>
internal sealed class Generation(int number, ValidatedConfiguration configuration, WebApplication app) : IAsyncDisposable
{
    public int Number => number;

    public ValidatedConfiguration Configuration => configuration;

    public IServiceProvider Services => app.Services;

    public ILogger Logger { get; } = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LbAcme.Sidecar.Lifecycle.Daemon");

    /// <summary>The tokens this generation serves, for the next one to keep serving until its own first sync.</summary>
    public ChallengeCache ChallengeCache => app.Services.GetRequiredService<ChallengeCache>();

    /// <summary>Kestrel and the loops.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => app.StartAsync(cancellationToken);

    /// <summary>
    /// Stops the background loops only (both syncs, peer probing, memory return), so the next generation's loops
    /// never run beside them: two certificate syncs against one HAProxy, two writers of one challenge cache.
    /// </summary>
    public async Task StopLoopsAsync(CancellationToken cancellationToken)
    {
        foreach (var loop in Loops)
        {
            await loop.StopAsync(cancellationToken);
        }
    }

    /// <summary>When the next generation could not start after all, this one takes its loops up again.</summary>
    public async Task RestartLoopsAsync(CancellationToken cancellationToken)
    {
        foreach (var loop in Loops)
        {
            await loop.StartAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Retires this generation while another one accepts on the same sockets: stops accepting, lets connections
    /// accepted just before that send their request (<paramref name="settle"/>), then stops Kestrel, which closes
    /// idle keep-alive connections and lets requests in flight finish (cut off when <paramref name="cancellationToken"/> fires).
    /// </summary>
    public async Task RetireAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        await app.Services.GetRequiredService<DrainableTransport>().StopAcceptingAsync();
        await Task.Delay(settle, cancellationToken);
        await app.StopAsync(cancellationToken);
    }

    /// <summary>Shutdown: nobody takes over, so Kestrel stops at once (still finishing requests in flight).</summary>
    public Task StopAsync(CancellationToken cancellationToken) => app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => app.DisposeAsync();

    /// <summary>This program's own hosted services; Kestrel's (the web host's) comes from the framework's assembly.</summary>
    private IEnumerable<IHostedService> Loops =>
        app.Services.GetServices<IHostedService>().Where(s => s.GetType().Assembly == typeof(Generation).Assembly);
}
