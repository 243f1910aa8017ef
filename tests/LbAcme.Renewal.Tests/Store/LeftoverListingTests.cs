using Azure.Storage.Blobs;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Tests.Store;

/// <summary>
/// What the leftover listing finds in a real Azurite store: a removed LB with every certificate it may have had, a
/// certificate removed from the fleet with its copy on each current LB, and never anything the fleet still expects.
/// </summary>
public sealed class LeftoverListingTests : IAsyncLifetime
{
    private const string Prefix = "lbacme";
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await Container().CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task A_removed_certificate_and_a_removed_LB_are_listed_with_their_store_names_and_current_ones_never()
    {
        await PutAsync(
            // lb0 and lb1 stay, with certificates api and web: all of this is current.
            StoreLayout.Status("lb0"), StoreLayout.Lock("lb0"), StoreLayout.ChallengeMarker("lb0"),
            StoreLayout.RunState("lb0.api"), StoreLayout.RunState("lb0.web"), StoreLayout.RunState("lb1.api"), StoreLayout.Pending("lb1.web"),
            // The shorthand's certificate before the fleet moved to Fleet:Certificates, and a certificate since removed.
            StoreLayout.RunState("lb0"), StoreLayout.RunState("lb0.old"), StoreLayout.Pending("lb0.old"), StoreLayout.RunState("lb1.old"),
            // lb9 is gone from the fleet.
            StoreLayout.Status("lb9"), StoreLayout.Lock("lb9"), StoreLayout.RunState("lb9.api"), StoreLayout.RunState("lb9.old"),
            // Not per-subject: never read as an LB.
            StoreLayout.LastTimerRun, StoreLayout.Budget("abc"));

        var found = await new OrphanedLoadBalancers(Container()).ListAsync(["lb0", "lb1"], ["api", "web"], Prefix, CancellationToken.None);

        Assert.Equal(
        [
            ("lb0", "default", "lbacme-lb0", "runs/state/lb0.json"),
            ("lb0", "old", "lbacme-old-lb0", "pending/lb0.old,runs/state/lb0.old.json"),
            ("lb1", "old", "lbacme-old-lb1", "runs/state/lb1.old.json"),
        ],
        found.Where(f => f.Certificate is not null).Select(f => (f.Lb, f.Certificate!, string.Join(',', f.StoreNames), string.Join(',', f.Blobs.Order(StringComparer.Ordinal)))));
        var lb9 = Assert.Single(found, f => f.Certificate is null);
        Assert.Equal("lb9", lb9.Lb);
        Assert.Equal(["lbacme-api-lb9", "lbacme-lb9", "lbacme-old-lb9", "lbacme-web-lb9"], lb9.StoreNames);
        Assert.Equal(["locks/lb9", "runs/state/lb9.api.json", "runs/state/lb9.old.json", "status/lb9"], lb9.Blobs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_shorthand_fleet_finds_nothing_of_its_own_and_a_removed_LB_under_todays_name()
    {
        await PutAsync(StoreLayout.RunState("lb0"), StoreLayout.Pending("lb0"), StoreLayout.Status("lb0"), StoreLayout.RunState("lb1"), StoreLayout.Status("lb1"));

        var found = await new OrphanedLoadBalancers(Container()).ListAsync(["lb0"], [FleetCertificates.DefaultName], Prefix, CancellationToken.None);

        var only = Assert.Single(found);
        Assert.Equal(("lb1", (string?)null), (only.Lb, only.Certificate));
        Assert.Equal(["lbacme-lb1"], only.StoreNames);
        Assert.Equal(["runs/state/lb1.json", "status/lb1"], only.Blobs.Order(StringComparer.Ordinal));
    }

    private async Task PutAsync(params string[] blobs)
    {
        foreach (var blob in blobs)
        {
            await Container().GetBlobClient(blob).UploadAsync(BinaryData.FromString("{}"), overwrite: true);
        }
    }

    private BlobContainerClient Container() => new(_azurite.ConnectionString, "lb-acme");
}
