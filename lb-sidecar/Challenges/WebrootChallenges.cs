using LbAcme.Sidecar.Options;
using Microsoft.Extensions.Options;
using Microsoft.Win32.SafeHandles;

namespace LbAcme.Sidecar.Challenges;

/// <summary>
/// Files that acmetool, certbot or lego drop in the webroot. They appear and vanish during an order, so there is
/// no watcher to keep honest (the directory itself may be recreated): a file is read when asked for, and a hit is
/// reused for <see cref="WebrootHits.Ttl"/> (see there why misses are not).
/// Only validated tokens get here, so the path cannot leave the directory.
/// </summary>
internal sealed partial class WebrootChallenges(IOptions<SidecarOptions> options, TimeProvider time, ILogger<WebrootChallenges> logger)
{
    private readonly string _root = options.Value.Webroot;
    private readonly int _maxBytes = options.Value.Peers.MaxAnswerBytes;
    private readonly WebrootHits _hits = new(time);

    public byte[]? Read(string token)
    {
        if (_hits.Find(token) is { } recent)
        {
            return recent;
        }
        var content = ReadFile(token);
        if (content is not null)
        {
            _hits.Add(token, content);
        }
        return content;
    }

    private byte[]? ReadFile(string token)
    {
        var path = Path.Join(_root, token);
        // Most lookups miss; File.Exists is one stat() and spares throwing FileNotFoundException per miss.
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(file);
            if (length > _maxBytes)
            {
                LogTooLarge(logger, token, length, _maxBytes);
                return null;
            }
            var buffer = new byte[length];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = RandomAccess.Read(file, buffer.AsSpan(read), read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            return read == buffer.Length ? buffer : buffer[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, token, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Webroot challenge {Token} is {Length} bytes, over the {Max}-byte limit; not served")]
    private static partial void LogTooLarge(ILogger logger, string token, long length, int max);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Webroot challenge {Token} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string token, string reason);
}
