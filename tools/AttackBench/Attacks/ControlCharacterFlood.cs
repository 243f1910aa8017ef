using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>32 connections sending <c>GET /\x01</c> back to back: each must cost a 4xx, not a stack trace in the log.</summary>
internal sealed class ControlCharacterFlood : IAttack
{
    private const int Connections = 32;
    private const long MaxRequests = 5_000_000;

    public string Name => "control-chars";

    public string Title => "control chars in target";

    public async Task<string> RunAsync(AttackContext context, AttackWindow window, CancellationToken cancellationToken)
    {
        var request = AttackRequests.Get("/\x01");
        var flood = new RequestFlood([SourceAddresses.Attacker(3)], context.Fleet.Public(0), Connections, _ => request, MaxRequests);
        window.Begin();
        await flood.RunAsync(window.Duration, cancellationToken);
        return $"GET /\\x01 to lb0: {flood.Summary}";
    }
}
