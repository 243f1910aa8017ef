using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>One source asks LB0 for tokens nobody holds on many connections at once; every miss is a fan-out to both peers.</summary>
internal sealed class FanOutMissFlood : IAttack
{
    private const long MaxRequests = 5_000_000;

    public string Name => "miss-flood";

    public string Title => "fan-out miss flood";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var flood = new RequestFlood([SourceAddresses.Attacker(4)], context.Fleet.Public(0), context.Settings.Scaled(512), AttackRequests.Miss, MaxRequests);
        window.Begin();
        await flood.RunAsync(window.Duration, cancellationToken);
        return $"misses to lb0 from {SourceAddresses.Attacker(4)}: {flood.Summary}";
    }
}
