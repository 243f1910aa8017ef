using System.Collections.Concurrent;

namespace LbAcme.Sidecar.Challenges;

/// <summary>
/// Webroot files read in the last <see cref="Ttl"/>, so a token the CA (or a peer's fan-out) asks for again and
/// again costs no open/read/close per request. Only hits are kept: acmetool writes a file and asks the CA at once,
/// so a remembered miss could hide a fresh file; a miss stays one stat(). A file deleted or changed in the webroot
/// is served as it was for at most <see cref="Ttl"/>.
/// </summary>
internal sealed class WebrootHits(TimeProvider time)
{
    /// <summary>Short enough that a deleted token stops being served at once by ACME's standards, long enough to absorb bursts.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    /// <summary>Only existing files get in, and a webroot holds a handful; the bound guards against a crowded one.</summary>
    private const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Hit> _hits = new(StringComparer.Ordinal);

    public byte[]? Find(string token)
    {
        if (_hits.TryGetValue(token, out var hit))
        {
            if (time.GetElapsedTime(hit.ReadAt) < Ttl)
            {
                return hit.Content;
            }
            _hits.TryRemove(KeyValuePair.Create(token, hit));
        }
        return null;
    }

    public void Add(string token, byte[] content)
    {
        if (_hits.Count >= MaxEntries)
        {
            RemoveExpired();
        }
        if (_hits.Count < MaxEntries)
        {
            _hits[token] = new Hit(content, time.GetTimestamp());
        }
    }

    private void RemoveExpired()
    {
        foreach (var (token, hit) in _hits)
        {
            if (time.GetElapsedTime(hit.ReadAt) >= Ttl)
            {
                _hits.TryRemove(KeyValuePair.Create(token, hit));
            }
        }
    }

    private sealed record Hit(byte[] Content, long ReadAt);
}
