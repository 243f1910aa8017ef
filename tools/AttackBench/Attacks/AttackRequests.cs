using System.Text;
using LbAcme.AttackBench.Fleet;

namespace LbAcme.AttackBench.Attacks;

/// <summary>Request bytes the floods send; kept-alive, with the fleet's name as Host unless the attack varies it.</summary>
internal static class AttackRequests
{
    public static byte[] Get(string target, string host = AttackFleet.ServiceName) =>
        Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: attack-bench\r\n\r\n");

    /// <summary>A challenge request for a token nobody holds, new each time: every one is a miss the fan-out must ask the peers about.</summary>
    public static byte[] Miss(long n) => Get(FleetTokens.Path(FleetTokens.Nowhere(n)));
}
