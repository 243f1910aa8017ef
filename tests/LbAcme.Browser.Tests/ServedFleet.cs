using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;

namespace LbAcme.Browser.Tests;

/// <summary>
/// A real local fleet (Pebble, Azurite, one sidecar and one HAProxy per LB) after one renewal run, every LB
/// serving the certificate the run issued it, and the stand-in host serving the HTTP functions over it.
/// </summary>
internal sealed class ServedFleet : IAsyncDisposable
{
    private const string CertificateName = "lbacme";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    private ServedFleet(LocalFleet fleet, ServingHost host, IReadOnlyDictionary<string, string> issued)
    {
        Fleet = fleet;
        Host = host;
        Issued = issued;
    }

    public LocalFleet Fleet { get; }

    public ServingHost Host { get; }

    /// <summary>Each LB's serial as the certificate store holds it after the run.</summary>
    public IReadOnlyDictionary<string, string> Issued { get; }

    public static async Task<ServedFleet> StartAsync(int count)
    {
        var fleet = await LocalFleet.StartAsync(count, withHaProxy: true);
        try
        {
            var (exit, output) = await RenewalTimer.FireOnceAsync(fleet, environment: null, RunTimeout, CancellationToken.None);
            if (exit != 0)
            {
                throw new InvalidOperationException($"the renewal run exited {exit}:\n{output}");
            }
            var issued = await IssuedAsync(fleet);
            await WaitUntilServedAsync(fleet, issued);
            var host = await ServingHost.StartAsync(fleet);
            return new ServedFleet(fleet, host, issued);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    private static async Task<Dictionary<string, string>> IssuedAsync(LocalFleet fleet)
    {
        var store = new BlobCertificateStore(fleet.CertificateContainer);
        var serials = new Dictionary<string, string>();
        foreach (var lb in fleet.LbNames)
        {
            var stored = await store.GetAsync(FleetCertificates.StoreName(CertificateName, FleetCertificates.DefaultName, lb), CancellationToken.None)
                ?? throw new InvalidOperationException($"{lb}: no certificate in the store after the renewal run.");
            using var bundle = CertificateBundle.Parse(stored.Pem);
            serials[lb] = bundle.Leaf.SerialNumber;
        }
        return serials;
    }

    /// <summary>Each sidecar hot-swaps its LB's new certificate into HAProxy after the run: wait (bounded) until every one serves it.</summary>
    private static async Task WaitUntilServedAsync(LocalFleet fleet, Dictionary<string, string> issued)
    {
        foreach (var lb in fleet.LbNames)
        {
            var served = await ServedSerial.WaitForAsync(fleet.TlsEndpoint(lb)!, fleet.OwnName(lb), issued[lb]);
            if (served != issued[lb])
            {
                throw new InvalidOperationException($"{lb}: serves {served}, not the issued {issued[lb]}.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Fleet.DisposeAsync();
    }
}
