namespace LbAcme.Sidecar.Peers;

/// <summary>Asks one peer's local-only listener for one token. Never throws for peer failures.</summary>
internal interface IPeerClient
{
    Task<PeerAnswer> AskAsync(Peer peer, string token, CancellationToken cancellationToken);
}
