namespace LbAcme.Sidecar.Http.Admission;

/// <summary>
/// Lets a log line about a source through at most once per source per minute, and for at most
/// <see cref="MaxSourcesPerWindow"/> sources a minute, so a flood (of connections or of malformed requests)
/// writes a few lines a minute whatever its size or spread. Everything is still counted in the metrics.
/// </summary>
internal sealed class SourceLogThrottle(TimeProvider time)
{
    public const int MaxSourcesPerWindow = 16;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly HashSet<ClientSource> _logged = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;

    /// <summary>What to do with one event: log it, say once that the window is full, or stay silent.</summary>
    public LogVerdict Check(ClientSource source)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (now - _windowStart >= Window)
            {
                _windowStart = now;
                _logged.Clear();
            }
            if (_logged.Count < MaxSourcesPerWindow)
            {
                return _logged.Add(source) ? LogVerdict.Log : LogVerdict.Silent;
            }
            if (_logged.Count == MaxSourcesPerWindow && !_logged.Contains(source))
            {
                _logged.Add(source); // one past the limit: marks that the "window full" line was written
                return LogVerdict.WindowFull;
            }
            return LogVerdict.Silent;
        }
    }
}

internal enum LogVerdict
{
    Silent,
    Log,
    WindowFull,
}
