using System.Net;

namespace LbAcme.Sidecar.Peers;

/// <summary>Another LB's peer listener. <see cref="Index"/> is its slot in <see cref="PeerDirectory.Peers"/>.</summary>
internal sealed record Peer(string Name, IPEndPoint Endpoint, int Index)
{
    public Uri ChallengeUri(string token) => new($"http://{Endpoint}/.well-known/acme-challenge/{token}");
}
