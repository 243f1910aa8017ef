using System.Net;
using LbAcme.Core.Challenges;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// Another LB's peer listener. <see cref="Index"/> is its slot in <see cref="PeerDirectory.Peers"/>;
/// <see cref="ExtraName"/> is the LB's own DNS name from the fleet, if it has one.
/// </summary>
internal sealed record Peer(string Name, IPEndPoint Endpoint, int Index, string? ExtraName = null)
{
    /// <summary>True when a request's Host is this LB's own name: only its order can have that identifier.</summary>
    public bool IsNamedBy(string? host) => ExtraName is not null && string.Equals(host, ExtraName, StringComparison.OrdinalIgnoreCase);

    public Uri ChallengeUri(string token) => new($"http://{Endpoint}{ChallengeToken.PathOf(token)}");
}
