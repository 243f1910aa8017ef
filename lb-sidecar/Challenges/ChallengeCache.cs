using System.Collections.Frozen;

namespace LbAcme.Sidecar.Challenges;

/// <summary>
/// The tokens of this LB's orders, as last read from the store. Replaced as a whole by the sync loop, read
/// lock-free by requests; it survives store outages (last known tokens keep being served).
/// </summary>
internal sealed class ChallengeCache
{
    private FrozenDictionary<string, CachedChallenge> _tokens = FrozenDictionary<string, CachedChallenge>.Empty;

    public int Count => Volatile.Read(ref _tokens).Count;

    public bool TryGet(string token, out ReadOnlyMemory<byte> keyAuthorization)
    {
        if (Volatile.Read(ref _tokens).TryGetValue(token, out var found))
        {
            keyAuthorization = found.KeyAuthorization;
            return true;
        }
        keyAuthorization = default;
        return false;
    }

    /// <summary>The cached entry when its store ETag still matches, so an unchanged blob is not downloaded again.</summary>
    public CachedChallenge? FindUnchanged(string token, string etag) =>
        Volatile.Read(ref _tokens).TryGetValue(token, out var found) && found.ETag == etag ? found : null;

    public void Replace(IEnumerable<KeyValuePair<string, CachedChallenge>> tokens) =>
        Volatile.Write(ref _tokens, tokens.ToFrozenDictionary(StringComparer.Ordinal));
}

internal sealed record CachedChallenge(byte[] KeyAuthorization, string ETag);
