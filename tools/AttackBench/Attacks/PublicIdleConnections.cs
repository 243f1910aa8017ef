using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>One source holds idle connections to LB0's public port, more than the listener's connection limit.</summary>
internal sealed class PublicIdleConnections : IAttack
{
    public string Name => "public-idle";

    public string Title => "idle conns, public port";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var holder = new ConnectionHolder([SourceAddresses.Attacker(2)], context.Fleet.Public(0), context.Settings.Connections(20_000));
        await holder.RunAsync(window, cancellationToken);
        return $"to lb0 public port from {SourceAddresses.Attacker(2)}: {holder.Summary}";
    }
}
