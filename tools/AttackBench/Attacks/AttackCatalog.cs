namespace LbAcme.AttackBench.Attacks;

/// <summary>Every attack, in the order a full run goes through them.</summary>
internal static class AttackCatalog
{
    public static IReadOnlyList<IAttack> All { get; } =
    [
        new PeerIdleConnections(),
        new PublicIdleConnections(),
        new ControlCharacterFlood(),
        new FanOutMissFlood(),
        new HungPeer(),
        new HostilePeer(),
        new Slowloris(),
        new RedirectFlood(),
    ];
}
