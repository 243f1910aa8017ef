using LbAcme.AttackBench.Fleet;
using LbAcme.AttackBench.Net;

namespace LbAcme.AttackBench.Attacks;

/// <summary>An LB whose sidecar is stopped and whose peer port a <see cref="FakePeer"/> takes for the attack; the sidecar comes back afterwards, whatever happened.</summary>
internal static class ReplacedPeer
{
    /// <summary>Runs <paramref name="during"/> while the fake made by <paramref name="fake"/> holds LB <paramref name="index"/>'s peer port; answers its account and the fake's.</summary>
    public static async Task<string> RunAsync(AttackFleet fleet, int index, Func<FakePeer> fake, Func<Task<string>> during)
    {
        await fleet.StopAsync(index);
        try
        {
            await using var peer = fake();
            var account = await during();
            return $"lb{index} {peer.Summary}{(account.Length == 0 ? "" : "; " + account)}";
        }
        finally
        {
            await fleet.RestartAsync(index);
        }
    }
}
