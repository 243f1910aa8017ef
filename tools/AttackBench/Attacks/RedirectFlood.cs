using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>
/// 64 connections asking LB0 for ever-different 2 KB paths under ever-different Host names as fast as it answers:
/// every answer is a redirect carrying both back, which pushes the sidecar's allocations (and so its RSS) up.
/// </summary>
internal sealed class RedirectFlood : IAttack
{
    private const int Connections = 64;
    private const long MaxRequests = 5_000_000;
    private static readonly string Padding = new('p', 2048);

    public string Name => "redirect-flood";

    public string Title => "redirect flood";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var flood = new RequestFlood([SourceAddresses.Attacker(8)], context.Fleet.Public(0), Connections,
            n => AttackRequests.Get($"/r/{n}?{Padding}", $"h{n % 100_000}.{AttackFleet.ServiceName}"), MaxRequests);
        window.Begin();
        await flood.RunAsync(window.Duration, cancellationToken);
        return $"redirects from lb0 to {SourceAddresses.Attacker(8)}: {flood.Summary}";
    }
}
