using System.Text;
using LbAcme.AttackBench.Fleet;

namespace LbAcme.AttackBench.Legit;

/// <summary>
/// One request a real client makes and what counts as its right answer: the status, and the body (a key
/// authorization) or the Location (a redirect). A right status with a wrong body is a failure.
/// </summary>
internal sealed record LegitRequest(string Kind, string Target, int Status, string? Body = null, string? Location = null)
{
    /// <summary>
    /// The mix, all on LB0's public port as the CA and browsers reach it: a token only LB1 holds (the fan-out, twice
    /// in four), LB0's own token, and a plain page that redirects to https.
    /// </summary>
    public static IReadOnlyList<LegitRequest> Mix { get; } =
    [
        Challenge("fan-out", FleetTokens.HeldBy(1)),
        Challenge("local", FleetTokens.HeldBy(0)),
        Challenge("fan-out", FleetTokens.HeldBy(1)),
        new("redirect", "/legit/page?n=1", 301, Location: $"https://{AttackFleet.ServiceName}/legit/page?n=1"),
    ];

    public byte[] Bytes { get; } = Encoding.ASCII.GetBytes($"GET {Target} HTTP/1.1\r\nHost: {AttackFleet.ServiceName}\r\nUser-Agent: attack-bench-legit\r\nConnection: close\r\n\r\n");

    private static LegitRequest Challenge(string kind, string token) =>
        new(kind, FleetTokens.Path(token), 200, Body: FleetTokens.KeyAuthorization(token));
}
