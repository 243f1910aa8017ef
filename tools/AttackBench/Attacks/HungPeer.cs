using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>
/// LB2's peer port never answers a challenge request but answers anything else (a health probe) at once, as a peer
/// whose webroot reads hang would; meanwhile another client (not the legitimate one) sends LB0 misses at a steady
/// rate. Each miss waits on LB2 until the read timeout, so a fan-out limit that does not bound one slow peer's share
/// fills up, and the legitimate client's fan-outs, which LB1 answers, are refused.
/// </summary>
internal sealed class HungPeer : IAttack
{
    private const double MissesPerSecond = 60;
    private const int Workers = 400;

    public string Name => "hung-peer";

    public string Title => "hung peer (lb2)";

    public Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var fleet = context.Fleet;
        return ReplacedPeer.RunAsync(fleet, 2, () => FakePeer.Hanging(fleet.Peer(2), FleetTokens.Path(FleetTokens.Prefix)), async () =>
        {
            var misses = new RequestFlood([SourceAddresses.Attacker(5)], fleet.Public(0), context.Settings.Scaled(Workers), AttackRequests.Miss,
                (long)(MissesPerSecond * window.Duration.TotalSeconds), MissesPerSecond);
            window.Begin();
            await misses.RunAsync(window.Duration, cancellationToken);
            return $"{MissesPerSecond}/s misses to lb0 from {SourceAddresses.Attacker(5)}: {misses.Summary}";
        });
    }
}
