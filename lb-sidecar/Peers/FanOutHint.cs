using System.Net;
using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// What a request says about where its token lives: the Host (an LB's own name means that LB's order) and the
/// <see cref="ChallengeHeaders.Owner"/> header the renewal function's self-test sends. A hint only changes which peer is asked
/// first; the answer still has to come from that peer's own lookup, so a false hint costs what no hint costs.
/// An owner naming this LB itself means no fan-out at all (see <see cref="FanOut"/>). <see cref="Source"/> is the
/// client's address, which the per-source fan-out limit counts (see <see cref="Http.ClientSource"/>).
/// </summary>
internal readonly record struct FanOutHint(string? Host, string? Owner, IPAddress? Source = null)
{
    public static FanOutHint None => default;

    /// <summary>True when the request points at a peer at all (a source alone does not).</summary>
    public bool PointsSomewhere => Host is not null || Owner is not null;
}
