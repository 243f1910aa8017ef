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

    public async Task<string> RunAsync(AttackContext context, TimeSpan duration, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        await fleet.StopAsync(2);
        string summary;
        await using (var peer = FakePeer.Answering(fleet.Peer(2), FleetTokens.KeyAuthorization(FleetTokens.HeldBy(2))))
        {
            try
            {
                await Task.Delay(duration, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Interrupted: the peer still goes and LB2 still comes back.
            }
            summary = peer.Summary;
        }
        await fleet.RestartAsync(2);
        return summary;
    }
}
