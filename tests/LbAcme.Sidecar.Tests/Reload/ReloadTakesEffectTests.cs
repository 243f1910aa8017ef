using System.Net;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>A good reload takes effect completely: a peer added to the fleet is asked, an allow-list entry is admitted.</summary>
public sealed class ReloadTakesEffectTests
{
    private static readonly string[] PeerOnly = ["127.0.43.2/32"];
    private static readonly string[] PeerAndStranger = ["127.0.43.2/32", "127.0.43.30/32"];

    [Fact]
    public async Task A_new_peer_and_a_new_allow_list_entry_work_after_the_reload()
    {
        var lb0 = ReloadingSidecar.Slot("lb0", "127.0.43.1");
        var lb1 = ReloadingSidecar.Slot("lb1", "127.0.43.2");
        var stranger = IPAddress.Parse("127.0.43.30");
        var webroot = Directory.CreateTempSubdirectory("lbacme-reload-webroot-").FullName;
        try
        {
            var token = FanOutTests.NewToken();
            await File.WriteAllTextAsync(Path.Combine(webroot, token), token + ".lb1");
            await using var peer = await ReloadingSidecar.StartAsync(lb1, new { Webroot = webroot }, null, lb0);
            await using var sidecar = await ReloadingSidecar.StartAsync(lb0, new { Peers = new { AllowedNetworks = PeerOnly } });
            using var http = SidecarHttp.Create();
            using var fromStranger = SidecarHttp.Create(stranger);
            var challenge = sidecar.Process.PublicUri("/.well-known/acme-challenge/" + token);
            var peerPort = sidecar.Process.PeerUri("/.well-known/acme-challenge/" + FanOutTests.NewToken());

            using var beforeChallenge = await http.GetAsync(challenge);
            var strangerRefusedBefore = await Assert.ThrowsAsync<HttpRequestException>(() => fromStranger.GetAsync(peerPort));

            sidecar.Rewrite([lb0, lb1], new { Peers = new { AllowedNetworks = PeerAndStranger } });
            Assert.True(await sidecar.ReloadAsync(), sidecar.Process.Output);
            using var afterChallenge = await http.GetAsync(challenge);
            using var strangerAfter = await fromStranger.GetAsync(peerPort);

            Assert.Equal(HttpStatusCode.NotFound, beforeChallenge.StatusCode); // lb1 was not in lb0's fleet
            Assert.NotNull(strangerRefusedBefore);
            Assert.Equal(HttpStatusCode.OK, afterChallenge.StatusCode);
            Assert.Equal(token + ".lb1", await afterChallenge.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, strangerAfter.StatusCode); // admitted now; the token is nobody's
            Assert.Contains("Reloaded: configuration 2 serving", sidecar.Process.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(webroot, recursive: true);
        }
    }
}
