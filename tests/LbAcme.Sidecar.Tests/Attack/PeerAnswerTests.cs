using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Sidecar.Tests.Unit;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding: the first 200 won, so a peer answering at once with an empty body or another token's key authorization
/// was relayed to the CA instead of the real peer's answer. With real sidecars and a hostile peer that answers
/// fast, the key authorization for the token is what every request gets.
/// </summary>
public sealed class PeerAnswerTests(FaultyFleet fleet) : IClassFixture<FaultyFleet>
{
    [Theory]
    [InlineData("empty")]
    [InlineData("stolen")]
    [InlineData("unkeyed")]
    public async Task A_fast_plausible_lie_from_a_peer_never_beats_the_key_authorization_another_peer_holds(string lie)
    {
        var token = lie + FanOutTests.NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Lb1Webroot, token), ScriptedPeerClient.KeyAuthorizationOf(token));
        var liesBefore = await UnmatchedFromGarbagePeerAsync();

        var bodies = new List<string>();
        for (var i = 0; i < 8; i++) // the rotation puts the lying peer ahead of the real one on some of these
        {
            using var response = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));
            bodies.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.All(bodies, b => Assert.Equal("200 " + ScriptedPeerClient.KeyAuthorizationOf(token), b));
        Assert.True(await UnmatchedFromGarbagePeerAsync() > liesBefore, "the lying peer was never asked before the real one answered, so this test proved nothing");
    }

    private async Task<double> UnmatchedFromGarbagePeerAsync() =>
        (await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb0.MetricsUri)).Sum("lbacme_sidecar_peer_requests_total", "peer=\"lb4\"", "result=\"unmatched\"");
}
