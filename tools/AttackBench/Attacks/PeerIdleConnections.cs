using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>
/// A host outside the peer allow-list holds idle connections to LB1's peer port, the one LB0 must reach to find the
/// legitimate client's fan-out token. Admission after accept lets it take the connection slots LB0 needs; it asks for
/// a few more than the listener's default connection limit, so that it can take every slot there is.
/// </summary>
internal sealed class PeerIdleConnections : IAttack
{
    public string Name => "peer-idle";

    public string Title => "idle conns, peer port";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var holder = new ConnectionHolder([SourceAddresses.Attacker(1)], context.Fleet.Peer(1), context.Settings.Connections(10_200));
        await holder.RunAsync(window, cancellationToken);
        return $"to lb1 peer port from {SourceAddresses.Attacker(1)}: {holder.Summary}";
    }
}
