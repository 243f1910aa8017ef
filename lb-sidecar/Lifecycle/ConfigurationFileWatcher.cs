using System.Security.Cryptography;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>
/// Asks for a reload when the configuration file's content changes, so a fleet file that gains or loses a
/// certificate takes effect without a restart or a SIGHUP: the same reload SIGHUP runs, which refuses a file that
/// does not validate and keeps the running configuration. The file is polled (its content hashed) rather than
/// watched with inotify: a file replaced by rename, by a symlink swap or on a network file system is seen alike.
/// A change is acted on once the content is the same on two polls, so a half-written file is not read.
/// </summary>
internal sealed class ConfigurationFileWatcher(string path, TimeSpan interval, TimeProvider time, Action changed)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    private readonly Lock _lock = new();
    private string? _known;
    private string? _candidate;

    /// <summary>A reload is reading the file now (SIGHUP or this watcher): what it reads is no change to act on again.</summary>
    public void Reading()
    {
        var now = Fingerprint();
        lock (_lock)
        {
            _known = now ?? _known;
            _candidate = null;
        }
    }

    /// <summary>Runs on the caller's scheduler until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        Reading();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var now = Fingerprint();
            lock (_lock)
            {
                if (now is null || now == _known)
                {
                    _candidate = null; // gone for a moment (replaced by rename) or unchanged
                    continue;
                }
                if (now != _candidate)
                {
                    _candidate = now; // still being written, perhaps: act when it holds still
                    continue;
                }
                _known = now;
                _candidate = null;
            }
            changed();
        }
    }

    /// <summary>The content's hash; null when the file cannot be read right now.</summary>
    private string? Fingerprint()
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
