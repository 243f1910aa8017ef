using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Challenges;

/// <summary>
/// Files that acmetool, certbot or lego drop in the webroot. They appear and vanish during an order, so there is
/// no watcher to keep honest (the directory itself may be recreated): a file is read when asked for, and a hit is
/// reused for <see cref="WebrootHits.Ttl"/> (see there why misses are not).
/// The request path may be the socket event loop, so the file system is only touched on the thread pool, and a
/// read that hangs (a network mount) answers a miss after <see cref="ReadTimeout"/> instead of holding the request.
/// Only validated tokens get here, so the path cannot leave the directory; <see cref="WebrootFile"/> refuses
/// symlinks and anything that is not a regular file.
/// </summary>
internal sealed partial class WebrootChallenges(IOptions<SidecarOptions> options, TimeProvider time, ILogger<WebrootChallenges> logger)
{
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(2);

    private readonly string _root = options.Value.Webroot;
    private readonly int _maxBytes = options.Value.Peers.MaxAnswerBytes;
    private readonly WebrootHits _hits = new(time);

    /// <summary>A file read in the last <see cref="WebrootHits.Ttl"/>, from memory; null when the webroot must be asked.</summary>
    public byte[]? FindRecent(string token) => _hits.Find(token);

    public async Task<byte[]?> ReadAsync(string token, CancellationToken cancellationToken)
    {
        var reading = Task.Run(() => ReadFile(token), CancellationToken.None);
        byte[]? content;
        try
        {
            content = await reading.WaitAsync(ReadTimeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogSlow(logger, token, ReadTimeout.TotalSeconds);
            return null;
        }
        if (content is not null)
        {
            _hits.Add(token, content);
        }
        return content;
    }

    private byte[]? ReadFile(string token)
    {
        var read = WebrootFile.Read(Path.Join(_root, token), _maxBytes);
        switch (read.Outcome)
        {
            case WebrootReadOutcome.Read:
                return read.Content;
            case WebrootReadOutcome.TooLarge:
                LogTooLarge(logger, token, read.Length, _maxBytes);
                break;
            case WebrootReadOutcome.NotRegularFile:
                LogNotRegular(logger, token);
                break;
            case WebrootReadOutcome.Unreadable:
                LogUnreadable(logger, token, read.Error ?? "");
                break;
        }
        return null;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Webroot challenge {Token} is {Length} bytes, over the {Max}-byte limit; not served")]
    private static partial void LogTooLarge(ILogger logger, string token, long length, int max);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Webroot challenge {Token} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string token, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Webroot entry {Token} is a symlink or not a regular file; not served")]
    private static partial void LogNotRegular(ILogger logger, string token);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Warning, Message = "Webroot challenge {Token} took over {Seconds} s to read; answered as a miss")]
    private static partial void LogSlow(ILogger logger, string token, double seconds);
}
