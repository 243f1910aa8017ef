using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 3 of the attack run: one host holding thousands of idle connections took a listener's slots, the peer
/// port's from outside the allow-list (the other LBs marked it down and wrote a warning per refused connection),
/// the public port's from anywhere. Admission on accept keeps both listeners serving everyone else.
/// </summary>
[Collection(AttackFleetGroup.Name)]
public sealed class AdmissionTests(AttackFleet fleet)
{
    private const int Attackers = 3 * AttackFleet.MaxConnections;

    [Fact]
    public async Task Idle_connections_from_outside_the_allow_list_do_not_keep_the_other_LBs_off_the_peer_port()
    {
        var (token, keyAuthorization) = await fleet.Lb1TokenAsync();
        var warningsBefore = SidecarLog.WarningLines(fleet.Lb1);

        using var attack = await IdleConnections.OpenAsync(IPAddress.Parse("127.77.1.1"), new IPEndPoint(fleet.Lb1.Address, fleet.Lb1.PeerPort), Attackers);
        // A new connection, as a peer whose pooled ones have expired makes: an old one would not need a slot.
        using var peer = SidecarHttp.Create(IPAddress.Parse("127.0.8.9"));
        using var direct = await peer.GetAsync(fleet.Lb1.PeerUri("/.well-known/acme-challenge/" + token));
        var throughFanOut = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await fleet.Http.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));
            throughFanOut.Add(response.StatusCode);
        }
        var metrics = await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb1.MetricsUri);

        Assert.True(attack.Connected > AttackFleet.MaxConnections, $"only {attack.Connected} attack connections were made, so this test proved nothing");
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(keyAuthorization, await direct.Content.ReadAsStringAsync());
        Assert.All(throughFanOut, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(metrics.Sum("lbacme_sidecar_connections_refused_total", "listener=\"peer\"", "reason=\"not_allowed\"") >= attack.Connected,
            "every attack connection is refused and counted");
        // One line for the source (at most once a minute), not one per connection.
        Assert.True(SidecarLog.WarningLines(fleet.Lb1) - warningsBefore <= 2, "log flood:\n" + fleet.Lb1.Output[^Math.Min(4000, fleet.Lb1.Output.Length)..]);
    }

    [Fact]
    public async Task Idle_connections_from_one_source_do_not_keep_other_clients_off_the_public_port()
    {
        var (token, keyAuthorization) = await fleet.Lb1TokenAsync();
        var target = new IPEndPoint(fleet.Lb0.Address, fleet.Lb0.HttpPort);

        using var attack = await IdleConnections.OpenAsync(IPAddress.Parse("127.77.2.1"), target, Attackers);
        using var client = SidecarHttp.Create(IPAddress.Parse("127.77.9.9"));
        using var redirect = new HttpRequestMessage(HttpMethod.Get, fleet.Lb0.PublicUri("/legit"));
        redirect.Headers.Host = "svc.example.test";
        using var redirected = await client.SendAsync(redirect);
        using var challenge = await client.GetAsync(fleet.Lb0.PublicUri("/.well-known/acme-challenge/" + token));
        var metrics = await MetricsScrape.ReadAsync(fleet.Http, fleet.Lb0.MetricsUri);

        Assert.True(attack.Connected > AttackFleet.MaxConnections, $"only {attack.Connected} attack connections were made, so this test proved nothing");
        Assert.Equal(HttpStatusCode.MovedPermanently, redirected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(keyAuthorization, await challenge.Content.ReadAsStringAsync());
        Assert.True(metrics.Sum("lbacme_sidecar_connections_refused_total", "listener=\"public\"", "reason=\"source_limit\"") > 0,
            "the source's connections beyond its share are refused and counted");
    }
}
