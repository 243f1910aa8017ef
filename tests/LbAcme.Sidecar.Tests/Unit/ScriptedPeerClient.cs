using System.Text;
using LbAcme.Sidecar.Peers;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>How one scripted peer answers a token.</summary>
internal delegate Task<PeerAnswer> PeerScript(Peer peer, string token, CancellationToken cancellationToken);

/// <summary>A peer client whose peers answer as scripted by name; counts what each was asked.</summary>
internal sealed class ScriptedPeerClient(IReadOnlyDictionary<string, PeerScript> scripts) : IPeerClient
{
    /// <summary>A thumbprint-shaped value: 43 base64url characters.</summary>
    public const string Thumbprint = "n1Bx0Pa8Zq3hF6kWmY2Tc9Rj5Lv7Gd4Su0Xe8Ni2Ko_";

    private readonly Dictionary<string, int> _asked = [];

    public static string KeyAuthorizationOf(string token) => token + "." + Thumbprint;

    public int Asked(string peer)
    {
        lock (_asked)
        {
            return _asked.GetValueOrDefault(peer);
        }
    }

    public Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken)
    {
        lock (_asked)
        {
            _asked[peer.Name] = _asked.GetValueOrDefault(peer.Name) + 1;
        }
        return scripts[peer.Name](peer, token, cancellationToken);
    }

    /// <summary>200 with <paramref name="body"/> of the token, after <paramref name="delay"/>.</summary>
    public static PeerScript Answers(Func<string, string> body, TimeSpan delay = default) => async (peer, token, cancellationToken) =>
    {
        if (!await WaitAsync(delay, cancellationToken))
        {
            return new PeerAnswer(peer, PeerResult.Canceled);
        }
        return new PeerAnswer(peer, PeerResult.Found, Encoding.ASCII.GetBytes(body(token)), StatusCode: 200);
    };

    /// <summary>404 at once.</summary>
    public static PeerScript Misses { get; } = MissesAfter(TimeSpan.Zero);

    /// <summary>404 after <paramref name="delay"/>.</summary>
    public static PeerScript MissesAfter(TimeSpan delay) => async (peer, _, cancellationToken) =>
        await WaitAsync(delay, cancellationToken)
            ? new PeerAnswer(peer, PeerResult.NotFound, StatusCode: 404)
            : new PeerAnswer(peer, PeerResult.Canceled);

    /// <summary>Never answers until the fan-out gives up on it.</summary>
    public static PeerScript Hangs { get; } = async (peer, _, cancellationToken) =>
    {
        await WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);
        return new PeerAnswer(peer, PeerResult.Canceled);
    };

    /// <summary><paramref name="held"/> for tokens starting with <paramref name="prefix"/>, <paramref name="otherwise"/> for the rest.</summary>
    public static PeerScript ByToken(string prefix, PeerScript held, PeerScript otherwise) => (peer, token, cancellationToken) =>
        (token.StartsWith(prefix, StringComparison.Ordinal) ? held : otherwise)(peer, token, cancellationToken);

    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay == TimeSpan.Zero)
        {
            await Task.Yield();
            return true;
        }
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
