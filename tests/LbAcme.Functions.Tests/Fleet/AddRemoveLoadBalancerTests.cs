using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Store;
using Xunit.Abstractions;

namespace LbAcme.Functions.Tests.Fleet;

/// <summary>
/// Adding and removing an LB on a running local fleet, the steps infra/README.md gives: the added LB gets its
/// certificate at the next renewal run while the others keep theirs; what a removed LB leaves behind (its
/// certificate, its blobs) stays in place and is listed for the operator, and later runs leave it alone.
/// </summary>
public sealed class AddRemoveLoadBalancerTests(ITestOutputHelper output)
{
    private const string CertificateName = "lbacme";

    [Fact]
    public async Task An_added_LB_gets_its_certificate_without_reissuing_the_others_and_a_removed_one_is_listed_not_deleted()
    {
        await using var fleet = await LocalFleet.StartAsync(count: 2, withHaProxy: true);
        var store = new BlobCertificateStore(fleet.CertificateContainer);
        await RenewAsync(fleet);
        var before = await SerialsAsync(store, fleet.LbNames);

        var added = await fleet.AddLoadBalancerAsync();
        await RenewAsync(fleet);

        var after = await SerialsAsync(store, fleet.LbNames);
        Assert.Equal(before, after.Where(s => s.Key != added).ToDictionary());
        Assert.NotNull(after[added]);
        Assert.Equal(after[added], await ServedSerial.WaitForAsync(fleet.TlsEndpoint(added)!, fleet.OwnName(added), after[added]!));

        var removed = await fleet.RemoveLastLoadBalancerAsync();
        var timerRun = await RenewAsync(fleet);
        // The timer run itself tells the operator, in the function's log, what the removed LB left behind.
        Assert.Contains($"{removed} is not in the fleet but left behind its certificate {CertificateName}-{removed}", timerRun, StringComparison.Ordinal);

        var orphans = await new OrphanedLoadBalancers(fleet.SharedContainer).ListAsync(fleet.LbNames, [FleetCertificates.DefaultName], CertificateName, CancellationToken.None);
        foreach (var orphan in orphans)
        {
            output.WriteLine($"orphan {orphan.Lb}: certificates {string.Join(", ", orphan.StoreNames)}, blobs {string.Join(", ", orphan.Blobs)}");
        }
        var only = Assert.Single(orphans);
        Assert.Equal(removed, only.Lb);
        Assert.Null(only.Certificate);
        Assert.Equal([$"{CertificateName}-{removed}"], only.StoreNames);
        Assert.Contains($"status/{removed}", only.Blobs);
        Assert.Contains(only.Blobs, b => b.StartsWith($"runs/state/{removed}", StringComparison.Ordinal));
        // Listed, not deleted: the certificate is still there for the operator to delete (or to bring the LB back).
        Assert.Equal(after[removed], (await SerialsAsync(store, [removed]))[removed]);
        Assert.Equal(before, (await SerialsAsync(store, fleet.LbNames)).ToDictionary());
    }

    private async Task<string> RenewAsync(LocalFleet fleet)
    {
        var (exit, runnerOutput) = await RenewalTimer.FireOnceAsync(fleet, environment: null, TimeSpan.FromMinutes(5), CancellationToken.None);
        output.WriteLine($"renewal run over {string.Join(", ", fleet.LbNames)}:\n{runnerOutput}");
        Assert.True(exit == 0, $"the renewal runner exited {exit}:\n{runnerOutput}");
        return runnerOutput;
    }

    private static async Task<Dictionary<string, string?>> SerialsAsync(BlobCertificateStore store, IEnumerable<string> lbs)
    {
        var serials = new Dictionary<string, string?>();
        foreach (var lb in lbs)
        {
            var stored = await store.GetAsync(FleetCertificates.StoreName(CertificateName, FleetCertificates.DefaultName, lb), CancellationToken.None);
            if (stored is null)
            {
                serials[lb] = null;
                continue;
            }
            using var bundle = CertificateBundle.Parse(stored.Pem);
            serials[lb] = bundle.Leaf.SerialNumber;
        }
        return serials;
    }
}
