using System.Net;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests;

/// <summary>Hostile input gets a cheap refusal: no peer, disk or store access, no crash, bounded memory.</summary>
[Collection(ThreeSidecarFleetGroup.Name)]
public sealed class SafetyTests(ThreeSidecarFleet fleet)
{
    [Theory]
    [InlineData("/", "https://svc.example.test/")]
    [InlineData("/a/b?c=d&e=%2F", "https://svc.example.test/a/b?c=d&e=%2F")]
    [InlineData("/.well-known/other", "https://svc.example.test/.well-known/other")]
    public async Task Other_paths_redirect_to_https_on_the_requested_host_without_its_port(string target, string location)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, fleet.Sidecars[0].PublicUri(target));
        request.Headers.Host = "SVC.example.test:8080";

        using var response = await fleet.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_FIFO_or_a_symlink_in_the_webroot_is_a_miss_and_the_sidecar_keeps_serving()
    {
        const string Fifo = "safetyFifoToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        const string Link = "safetyLinkToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        const string Plain = "safetyPlainToken_AAAAAAAAAAAAAAAAAAAAAAAAAAA";
        var sidecar = fleet.Sidecars[0];
        var webroot = fleet.Webroots[0];
        var secret = Path.Combine(fleet.Directory, "secret.pem");
        await File.WriteAllTextAsync(secret, "-----BEGIN PRIVATE KEY-----");
        Assert.Equal(0, (await Command.RunAsync("mkfifo", [Path.Combine(webroot, Fifo)], TimeSpan.FromSeconds(10))).ExitCode);
        File.CreateSymbolicLink(Path.Combine(webroot, Link), secret);
        await File.WriteAllTextAsync(Path.Combine(webroot, Plain), Plain + ".thumb");

        // A FIFO opened for reading waits for a writer, and used to hold the socket event loop with it.
        using var fifo = await fleet.Http.GetAsync(sidecar.PublicUri($"/.well-known/acme-challenge/{Fifo}"));
        using var link = await fleet.Http.GetAsync(sidecar.PublicUri($"/.well-known/acme-challenge/{Link}"));
        using var plain = await fleet.Http.GetAsync(sidecar.PublicUri($"/.well-known/acme-challenge/{Plain}"));

        Assert.Equal(HttpStatusCode.NotFound, fifo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, link.StatusCode);
        Assert.DoesNotContain("PRIVATE KEY", await link.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Plain + ".thumb", await plain.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("evil.example/path")]
    [InlineData("a@evil.example")]
    [InlineData("evil.example:80:80")]
    [InlineData("evil.example:x")]
    [InlineData("")]
    public async Task A_host_header_that_is_not_a_host_is_refused_and_never_reaches_a_location(string host)
    {
        var sidecar = fleet.Sidecars[0];

        var response = await SidecarHttp.RawAsync(new IPEndPoint(sidecar.Address, sidecar.HttpPort), $"GET /x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Location", response, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("..%2f..%2fetc%2fpasswd")]
    [InlineData("..%2F")]
    [InlineData("%00")]
    [InlineData("abc%00def")]
    [InlineData("tok.en")]
    [InlineData("tok%20en")]
    [InlineData("tok=")]
    [InlineData("a/b")]
    [InlineData("%E2%80%AEabc")]
    [InlineData(null)] // 10 kB token
    [InlineData("")] // 129 characters, one over the limit: filled in below
    public async Task Malformed_tokens_get_404_without_any_peer_being_asked(string? token)
    {
        token ??= new string('A', 10 * 1024);
        token = token.Length == 0 ? new string('b', 129) : token;
        var sidecar = fleet.Sidecars[0];
        var before = await MetricsScrape.ReadAsync(fleet.Http, sidecar.MetricsUri);

        var response = await SidecarHttp.RawAsync(new IPEndPoint(sidecar.Address, sidecar.HttpPort),
            $"GET /.well-known/acme-challenge/{token} HTTP/1.1\r\nHost: svc.example.test\r\nConnection: close\r\n\r\n");
        var after = await MetricsScrape.ReadAsync(fleet.Http, sidecar.MetricsUri);

        // Kestrel itself refuses a few (e.g. a decoded NUL) with 400 before we see them; either way nothing is looked up.
        Assert.Matches("^HTTP/1.1 (404|400) ", response);
        Assert.Equal(before.Sum("lbacme_sidecar_peer_requests_total"), after.Sum("lbacme_sidecar_peer_requests_total"));
        Assert.Equal(before.Sum("lbacme_sidecar_local_hits_total"), after.Sum("lbacme_sidecar_local_hits_total"));
    }

    [Fact]
    public async Task A_valid_unknown_token_does_ask_the_peers_so_the_metric_above_can_catch_a_leak()
    {
        var sidecar = fleet.Sidecars[0];
        var before = await MetricsScrape.ReadAsync(fleet.Http, sidecar.MetricsUri);

        using var response = await fleet.Http.GetAsync(sidecar.PublicUri("/.well-known/acme-challenge/" + FanOutTests.NewToken()));
        var after = await MetricsScrape.ReadAsync(fleet.Http, sidecar.MetricsUri);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(after.Sum("lbacme_sidecar_peer_requests_total") > before.Sum("lbacme_sidecar_peer_requests_total"));
    }

    [Fact]
    public async Task A_flood_of_random_tokens_leaves_memory_bounded_and_the_daemon_serving()
    {
        var target = fleet.Sidecars[0];
        var real = FanOutTests.NewToken();
        await File.WriteAllTextAsync(Path.Combine(fleet.Webroots[1], real), real + ".after-flood");
        using var warm = await fleet.Http.GetAsync(target.PublicUri("/.well-known/acme-challenge/" + FanOutTests.NewToken()));
        var rssBefore = target.ResidentBytes();

        const int Requests = 3000;
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Parallel.ForAsync(0, Requests, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = deadline.Token }, async (i, ct) =>
        {
            var token = i % 3 == 0 ? new string('x', 200 + i) : FanOutTests.NewToken() + FanOutTests.NewToken();
            using var response = await fleet.Http.GetAsync(target.PublicUri("/.well-known/acme-challenge/" + token), ct);
            statuses.Add(response.StatusCode);
        });
        var rssAfter = target.ResidentBytes();
        using var still = await fleet.Http.GetAsync(target.PublicUri("/.well-known/acme-challenge/" + real));

        Assert.Equal(Requests, statuses.Count);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.NotFound or HttpStatusCode.ServiceUnavailable, s.ToString()));
        Assert.False(target.HasExited);
        Assert.True(rssAfter - rssBefore < 40L * 1024 * 1024, $"RSS grew from {rssBefore >> 20} MiB to {rssAfter >> 20} MiB");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        Assert.Equal(real + ".after-flood", await still.Content.ReadAsStringAsync());
    }
}
