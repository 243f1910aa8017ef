using System.Net;

namespace LbAcme.AttackBench.Fleet;

/// <summary>
/// Where traffic comes from: the legitimate client and each attacker get loopback addresses of their own, none of
/// them an LB address, so the peer allow-list (the three LBs only) leaves every attacker outside it.
/// </summary>
internal static class SourceAddresses
{
    public static readonly IPAddress Legit = IPAddress.Parse("127.77.0.1");

    /// <summary>Attacker <paramref name="attack"/>'s <paramref name="host"/>th address (both 1-based).</summary>
    public static IPAddress Attacker(int attack, int host = 1) => IPAddress.Parse($"127.66.{attack}.{host}");
}
