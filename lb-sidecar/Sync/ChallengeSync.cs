using LbAcme.Core.Challenges;
using LbAcme.Core.Store;
using LbAcme.Sidecar.Challenges;
using LbAcme.Sidecar.Logging;
using LbAcme.Sidecar.Metrics;
using LbAcme.Sidecar.Options;
using LbAcme.Sidecar.Peers;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Sync;

/// <summary>
/// Keeps <see cref="ChallengeCache"/> equal to <c>challenges/{this lb}/</c> in the store, cheaply: each poll
/// reads only the marker's ETag (see <see cref="IChallengeStore"/> for the marker contract) and lists the
/// prefix only when it changed, or every <see cref="SidecarOptions.StoreFullListInterval"/> in case a writer
/// skipped the marker. Blobs whose ETag is unchanged are not downloaded again. A failing store is logged once
/// (and once more when it works again) and retried with jittered backoff while the last known tokens keep being
/// served. A poll that changes nothing logs nothing above Debug.
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
    private readonly FailureState _failure = new(time);

    public RoundSchedule Schedule => new(_options.StorePollInterval, _options.StorePollInterval, _options.StoreMaxBackoff);

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        metrics.StoreRequest(StoreOperation.Marker);
        var marker = await store.GetMarkerETagAsync(_lb, cancellationToken);
        var listDue = !_listedOnce || time.GetElapsedTime(_lastListTimestamp) >= _options.StoreFullListInterval;
        if (_listedOnce && marker == _markerETag && !listDue)
        {
            return;
        }
        var before = cache.Count;
        var (listed, added) = await ListAsync(cancellationToken);
        cache.Replace(listed);
        metrics.StoreTokens(listed.Count);
        // Recorded only after a successful list; it was read before listing, so a change in between is seen next poll.
        _markerETag = marker;
        _lastListTimestamp = time.GetTimestamp();
        // Every token listed and not added was already held, so the rest of those held before are gone.
        var removed = Math.Max(0, before - (listed.Count - added));
        if (!_listedOnce)
        {
            LogFirstSync(logger, _lb, listed.Count);
        }
        else if (added > 0 || removed > 0)
        {
            LogTokensChanged(logger, _lb, added, removed, listed.Count);
        }
        else
        {
            LogUnchanged(logger, _lb, listed.Count, marker ?? "(none)");
        }
        _listedOnce = true;
    }

    public void Succeeded(int failuresBefore)
    {
        if (_failure.Recover() is { } outage)
        {
            LogRecovered(logger, outage.Failures, outage.Took);
        }
    }

    /// <summary>The store may be down, slow, misconfigured or throttling; the last known tokens keep being served.</summary>
    public void Failed(Exception error, int failures, TimeSpan retryIn)
    {
        metrics.StoreFailure();
        var reason = FailureReason.Describe(error);
        switch (_failure.Fail(reason))
        {
            case FailureChange.Started:
                LogUnreachable(logger, reason, Durations.Describe(retryIn), Durations.Describe(_options.StoreMaxBackoff), cache.Count);
                break;
            case FailureChange.ReasonChanged:
                LogStillUnreachable(logger, reason, failures, retryIn);
                break;
        }
        LogFailureDetail(logger, failures, error);
    }

    /// <summary>The tokens listed, and how many of them were not held (or held with other content) before.</summary>
    private async Task<(List<KeyValuePair<string, CachedChallenge>> Tokens, int Added)> ListAsync(CancellationToken cancellationToken)
    {
        metrics.StoreRequest(StoreOperation.List);
        var blobs = await store.ListAsync(_lb, cancellationToken);
        var tokens = new List<KeyValuePair<string, CachedChallenge>>(blobs.Count);
        var added = 0;
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
                metrics.StoreRequest(StoreOperation.Read);
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
                added++;
            }
            tokens.Add(new(blob.Token, known));
        }
        return (tokens, added);
    }

    [LoggerMessage(EventId = 3402, Level = LogLevel.Debug, Message = "Listed challenges/{Lb}/: {Count} tokens, none new (marker {Marker})")]
    private static partial void LogUnchanged(ILogger logger, string lb, int count, string marker);

    [LoggerMessage(EventId = 3403, Level = LogLevel.Warning, Message = "Store unreachable: {Reason}; retrying in {RetryIn}, backing off to {MaxBackoff}; still serving {Count} known tokens")]
    private static partial void LogUnreachable(ILogger logger, string reason, string retryIn, string maxBackoff, int count);

    [LoggerMessage(EventId = 3404, Level = LogLevel.Information, Message = "Store reachable again after {Failures} failed attempts / {Duration}")]
    private static partial void LogRecovered(ILogger logger, int failures, string duration);

    [LoggerMessage(EventId = 3408, Level = LogLevel.Information, Message = "Store reachable: challenges/{Lb}/ holds {Count} tokens")]
    private static partial void LogFirstSync(ILogger logger, string lb, int count);

    [LoggerMessage(EventId = 3409, Level = LogLevel.Information, Message = "challenges/{Lb}/: {Added} new token(s), {Removed} gone; serving {Count}")]
    private static partial void LogTokensChanged(ILogger logger, string lb, int added, int removed, int count);

    [LoggerMessage(EventId = 3410, Level = LogLevel.Debug, Message = "Store still unreachable, now: {Reason} ({Failures} failed attempts; retrying in {RetryIn})")]
    private static partial void LogStillUnreachable(ILogger logger, string reason, int failures, TimeSpan retryIn);

    [LoggerMessage(EventId = 3411, Level = LogLevel.Debug, Message = "Store attempt {Failures} failed")]
    private static partial void LogFailureDetail(ILogger logger, int failures, Exception error);

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning, Message = "Ignoring a blob under challenges/{Lb}/ whose name is not a base64url token")]
    private static partial void LogBadToken(ILogger logger, string lb);

    [LoggerMessage(EventId = 3406, Level = LogLevel.Warning, Message = "Refusing stored challenge {Token}: {Length} bytes is over the {Limit}-byte limit; not downloaded")]
    private static partial void LogTooLarge(ILogger logger, string token, long length, int limit);
}
