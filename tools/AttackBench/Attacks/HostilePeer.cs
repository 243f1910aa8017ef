using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>
/// LB2's peer port answers every request at once with 200 and another token's key authorization. Only the
/// legitimate client's traffic flows: its fan-out token is LB1's, so any wrong body it gets came from the fake peer.
/// </summary>
internal sealed class HostilePeer : IAttack
{
    public string Name => "hostile-peer";

    public string Title => "hostile peer (lb2)";

    public Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        return ReplacedPeer.RunAsync(fleet, 2, () => FakePeer.Answering(fleet.Peer(2), FleetTokens.KeyAuthorization(FleetTokens.HeldBy(2))), async () =>
        {
            window.Begin();
            try
            {
                await Task.Delay(window.Duration, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Interrupted: the fake peer still goes and LB2 still comes back.
            }
            return "";
        });
    }
}
