using System.Collections.Concurrent;

namespace LbAcme.Acme.Http;

/// <summary>
/// Replay-Nonce values collected from responses (RFC 8555 §7.2). Every response hands out a fresh one,
/// so a steady client rarely needs a newNonce round trip. Bounded: stale nonces are useless.
/// </summary>
internal sealed class NoncePool
{
    private const int Capacity = 32;
    private readonly ConcurrentQueue<string> _nonces = new();

    public void Add(string? nonce)
    {
        if (string.IsNullOrEmpty(nonce) || !Jose.Base64Url.IsValid(nonce))
        {
            return;
        }
        _nonces.Enqueue(nonce);
        while (_nonces.Count > Capacity && _nonces.TryDequeue(out _))
        {
        }
    }

    public bool TryTake(out string nonce)
    {
        if (_nonces.TryDequeue(out var n))
        {
            nonce = n;
            return true;
        }
        nonce = string.Empty;
        return false;
    }
}
