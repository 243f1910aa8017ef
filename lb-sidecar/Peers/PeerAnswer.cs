namespace LbAcme.Sidecar.Peers;

/// <summary>One peer's answer: the result, the key authorization when found, and a short reason otherwise.</summary>
internal sealed record PeerAnswer(Peer Peer, PeerResult Result, ReadOnlyMemory<byte> KeyAuthorization = default, string? Detail = null, int StatusCode = 0);
