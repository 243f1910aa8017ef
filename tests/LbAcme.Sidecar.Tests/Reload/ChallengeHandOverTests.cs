using System.Diagnostics;
using System.Net;
using Azure.Storage.Blobs;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using Xunit;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// The tokens in memory survive a reload: the new configuration serves them until its own sync replaces them, so a
/// CA validating during a reload (or while the store is unreachable right after one) still gets its answer.
/// </summary>
public sealed class ChallengeHandOverTests
{
    private const string Container = "lb-acme";

    [Fact]
    public async Task Tokens_synced_before_a_reload_are_served_after_it_even_when_the_new_store_is_unreachable()
    {
        await using var azurite = await AzuriteFixture.StartAsync();
        var container = new BlobContainerClient(azurite.ConnectionString, Container);
        await container.CreateIfNotExistsAsync();
        var store = new BlobChallengeStore(container, TimeSpan.FromSeconds(10));
        var token = FanOutTests.NewToken();
        await store.PutAsync("lb0", token, token + ".from-store", CancellationToken.None);
        await store.TouchMarkerAsync("lb0", CancellationToken.None);
        var self = ReloadingSidecar.Slot("lb0", "127.0.45.1");
        await using var sidecar = await ReloadingSidecar.StartAsync(self, new { Store = new { azurite.ConnectionString, Container } });
        using var http = SidecarHttp.Create();
        var challenge = sidecar.Process.PublicUri("/.well-known/acme-challenge/" + token);
        Assert.True(await ServedAsync(http, challenge), "the token never came from the store:\n" + sidecar.Process.Output);

        var deadStore = azurite.ConnectionString.Replace($":{azurite.Port}/", $":{FreePort.Next()}/", StringComparison.Ordinal);
        sidecar.Rewrite([self], new { Store = new { ConnectionString = deadStore, Container } });
        Assert.True(await sidecar.ReloadAsync(), sidecar.Process.Output);
        using var afterReload = await http.GetAsync(challenge);

        Assert.Contains("Reloaded: configuration 2 serving", sidecar.Process.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterReload.StatusCode);
        Assert.Equal(token + ".from-store", await afterReload.Content.ReadAsStringAsync());
    }

    private static async Task<bool> ServedAsync(HttpClient http, Uri challenge)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            using var response = await http.GetAsync(challenge);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
