namespace LbAcme.AttackBench.Fleet;

/// <summary>
/// The challenge tokens the bench serves: one held only by each LB's webroot, and tokens nobody holds. A key
/// authorization is token.thumbprint, as RFC 8555 §8.1 builds it.
/// </summary>
internal static class FleetTokens
{
    /// <summary>Every bench token starts so; a fake peer tells the bench's requests from a sidecar's health probes by it.</summary>
    public const string Prefix = "attackBench";

    public const string Thumbprint = "attackBenchThumbprintAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>The token LB <paramref name="index"/> holds in its webroot.</summary>
    public static string HeldBy(int index) => $"{Prefix}TokenOnLb{index}AAAAAAAAAAAAAAAAAAAAAAA";

    /// <summary>A token no LB holds; distinct per <paramref name="n"/>, so no cache can answer it.</summary>
    public static string Nowhere(long n) => $"{Prefix}Nowhere{n:D20}AAAAA";

    public static string KeyAuthorization(string token) => token + "." + Thumbprint;

    public static string Path(string token) => Core.Challenges.ChallengeToken.PathOf(token);
}
