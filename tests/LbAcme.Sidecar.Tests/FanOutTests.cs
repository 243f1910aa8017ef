using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>The public listener finds a token wherever in the fleet it lives, as the nginx reference did.</summary>
[Collection(ThreeSidecarFleetGroup.Name)]
public sealed class FanOutTests(ThreeSidecarFleet fleet)
{
    [Fact]
    public async Task Seed_check_a_file_only_in_lb0s_webroot_is_served_by_lb2_and_an_unknown_name_is_404()
    {
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[0], "lb0"), "lb0.seed-check");

        using var hit = await fleet.Http.GetAsync(fleet.Sidecars[2].PublicUri("/.well-known/acme-challenge/lb0"));
        using var miss = await fleet.Http.GetAsync(fleet.Sidecars[2].PublicUri("/.well-known/acme-challenge/nowhere"));

        Assert.Equal(HttpStatusCode.OK, hit.StatusCode);
        Assert.Equal("lb0.seed-check", await hit.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", hit.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, miss.StatusCode);
    }

    [Fact]
    public async Task A_token_only_on_the_third_lb_is_served_by_every_lb()
    {
        var token = NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[2], token), token + ".thumb3");

        foreach (var sidecar in fleet.Sidecars)
        {
            using var response = await fleet.Http.GetAsync(sidecar.PublicUri("/.well-known/acme-challenge/" + token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(token + ".thumb3", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_peer_port_answers_only_local_tokens_and_never_fans_out()
    {
        var token = NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[2], token), token + ".local");

        using var own = await fleet.PeerHttp.GetAsync(fleet.Sidecars[2].PeerUri("/.well-known/acme-challenge/" + token));
        using var other = await fleet.PeerHttp.GetAsync(fleet.Sidecars[0].PeerUri("/.well-known/acme-challenge/" + token));
        using var elsewhere = await fleet.PeerHttp.GetAsync(fleet.Sidecars[0].PeerUri("/index.html"));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.StatusCode);
    }

    [Fact]
    public async Task The_peer_port_refuses_addresses_outside_its_allow_list()
    {
        var token = NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[1], token), token + ".x");

        // Fleet members connect from 127.0.1.x; this client connects from 127.0.0.1, outside 127.0.1.0/24: its
        // connection is closed on accept, before the request is read, so it never gets an answer at all.
        var stranger = await Assert.ThrowsAsync<HttpRequestException>(() => fleet.Http.GetAsync(fleet.Sidecars[1].PeerUri("/.well-known/acme-challenge/" + token)));
        using var member = await fleet.PeerHttp.GetAsync(fleet.Sidecars[1].PeerUri("/.well-known/acme-challenge/" + token));

        Assert.Equal(HttpRequestError.ResponseEnded, stranger.HttpRequestError);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_local_webroot_is_served_without_asking_peers()
    {
        var token = NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[1], token), token + ".own");
        var before = await MetricsScrape.ReadAsync(fleet.Http, fleet.Sidecars[1].MetricsUri);

        using var response = await fleet.Http.GetAsync(fleet.Sidecars[1].PublicUri("/.well-known/acme-challenge/" + token));
        var after = await MetricsScrape.ReadAsync(fleet.Http, fleet.Sidecars[1].MetricsUri);

        Assert.Equal(token + ".own", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, after.Sum("lbacme_sidecar_local_hits_total", "source=\"webroot\"") - before.Sum("lbacme_sidecar_local_hits_total", "source=\"webroot\""));
        Assert.Equal(before.Sum("lbacme_sidecar_peer_requests_total"), after.Sum("lbacme_sidecar_peer_requests_total"));
    }

    [Fact]
    public async Task Head_is_answered_like_get_without_a_body_and_post_is_405()
    {
        var token = NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[0], token), token + ".head");

        using var head = await fleet.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, fleet.Sidecars[0].PublicUri("/.well-known/acme-challenge/" + token)));
        using var post = await fleet.Http.PostAsync(fleet.Sidecars[0].PublicUri("/.well-known/acme-challenge/" + token), new StringContent("x"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(token.Length + 5, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    internal static string NewToken() => Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
