using LbAcme.Core.Challenges;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Sync;

/// <summary>
/// Keeps <see cref="ChallengeCache"/> equal to <c>challenges/{this lb}/</c> in the store, cheaply: each poll
/// reads only the marker's ETag (see <see cref="IChallengeStore"/> for the marker contract) and lists the
/// prefix only when it changed, or every <see cref="SidecarOptions.StoreFullListInterval"/> in case a writer
/// skipped the marker. Blobs whose ETag is unchanged are not downloaded again. A failing store is logged
/// and retried with jittered backoff while the last known tokens keep being served.
/// </summary>
internal sealed partial class ChallengeSync(
    IChallengeStore store,
    ChallengeCache cache,
    PeerDirectory directory,
    SidecarMetrics metrics,
    IOptions<SidecarOptions> options,
    TimeProvider time,
    ILogger<ChallengeSync> logger) : IPeriodicRound
{
    private readonly SidecarOptions _options = options.Value;
    private readonly string _lb = directory.Self.Name;
    private string? _markerETag;
    private long _lastListTimestamp;
    private bool _listedOnce;

    public RoundSchedule Schedule => new(_options.StorePollInterval, _options.StorePollInterval, _options.StoreMaxBackoff);

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        metrics.StoreRequest("marker");
        var marker = await store.GetMarkerETagAsync(_lb, cancellationToken);
        var listDue = !_listedOnce || time.GetElapsedTime(_lastListTimestamp) >= _options.StoreFullListInterval;
        if (_listedOnce && marker == _markerETag && !listDue)
        {
            return;
        }
        var listed = await ListAsync(cancellationToken);
        cache.Replace(listed);
        metrics.StoreTokens(listed.Count);
        // Recorded only after a successful list; it was read before listing, so a change in between is seen next poll.
        _markerETag = marker;
        _lastListTimestamp = time.GetTimestamp();
        _listedOnce = true;
        LogSynced(logger, _lb, listed.Count, marker ?? "(none)");
    }

    public void Succeeded(int failuresBefore)
    {
        if (failuresBefore > 0)
        {
            LogRecovered(logger, failuresBefore);
        }
    }

    /// <summary>The store may be down, slow, misconfigured or throttling; the last known tokens keep being served.</summary>
    public void Failed(Exception error, int failures, TimeSpan retryIn)
    {
        metrics.StoreFailure();
        LogSyncFailed(logger, failures, retryIn.TotalSeconds, cache.Count, error.GetType().Name, error.Message);
    }

    private async Task<List<KeyValuePair<string, CachedChallenge>>> ListAsync(CancellationToken cancellationToken)
    {
        metrics.StoreRequest("list");
        var blobs = await store.ListAsync(_lb, cancellationToken);
        var tokens = new List<KeyValuePair<string, CachedChallenge>>(blobs.Count);
        foreach (var blob in blobs)
        {
            if (!ChallengeToken.IsValid(blob.Token))
            {
                LogBadToken(logger, _lb);
                continue;
            }
            var known = cache.FindUnchanged(blob.Token, blob.ETag);
            if (known is null)
            {
                // The listing's size spares a download; the capped read below still bounds a blob that grew since.
                if (blob.Size > StoreReadLimits.MaxChallengeBytes)
                {
                    LogTooLarge(logger, blob.Token, blob.Size, StoreReadLimits.MaxChallengeBytes);
                    continue;
                }
                metrics.StoreRequest("read");
                var read = await store.ReadAsync(_lb, blob.Token, cancellationToken);
                if (read.Kind == CappedReadKind.Missing)
                {
                    continue; // deleted between list and read
                }
                if (read.Kind == CappedReadKind.TooLarge || read.Content.Length > _options.Peers.MaxAnswerBytes)
                {
                    LogTooLarge(logger, blob.Token, read.Size, Math.Min(StoreReadLimits.MaxChallengeBytes, _options.Peers.MaxAnswerBytes));
                    continue;
                }
                known = new CachedChallenge(read.Content, blob.ETag);
            }
            tokens.Add(new(blob.Token, known));
        }
        return tokens;
    }

    [LoggerMessage(EventId = 3402, Level = LogLevel.Information, Message = "Synced challenges/{Lb}/: {Count} tokens (marker {Marker})")]
    private static partial void LogSynced(ILogger logger, string lb, int count, string marker);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Store sync failed {Failures} time(s) in a row, retrying in {RetrySeconds:0.0} s; still serving {Count} known tokens: {Error}: {Message}")]
    private static partial void LogSyncFailed(ILogger logger, int failures, double retrySeconds, int count, string error, string message);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Information, Message = "Store reachable again after {Failures} failed sync(s)")]
    private static partial void LogRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning, Message = "Ignoring a blob under challenges/{Lb}/ whose name is not a base64url token")]
    private static partial void LogBadToken(ILogger logger, string lb);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Warning, Message = "Refusing stored challenge {Token}: {Length} bytes is over the {Limit}-byte limit; not downloaded")]
    private static partial void LogTooLarge(ILogger logger, string token, long length, int limit);
}
