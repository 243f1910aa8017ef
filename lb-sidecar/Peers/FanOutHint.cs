using LbAcme.Core.Store;

namespace LbAcme.Sidecar.Peers;

/// <summary>
/// What a request says about where its token lives: the Host (an LB's own name means that LB's order) and the
/// <see cref="ChallengeHeaders.Owner"/> header the renewal function's self-test sends. A hint only changes which peer is asked
/// first; the answer still has to come from that peer's own lookup, so a false hint costs what no hint costs.
/// An owner naming this LB itself means no fan-out at all (see <see cref="FanOut"/>).
/// </summary>
internal readonly record struct FanOutHint(string? Host, string? Owner)
{
    public static FanOutHint None => default;
}
