using Azure;
using LbAcme.Acme;
using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// A certificate the store refuses is not lost: Pebble issues it once, it waits under pending/{lb}, and the retry
/// imports it without a second order.
/// </summary>
public sealed class PendingImportTests : IAsyncLifetime
{
    private LocalFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await LocalFleet.StartAsync();

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task A_refused_import_is_retried_from_the_kept_bundle_without_a_second_order()
    {
        var orders = new NewOrderCounter();
        var store = new RefusingOnceStore(new BlobCertificateStore(_fleet.CertificateContainer));
        await using var engine = _fleet.BuildEngine(replace: services =>
        {
            services.AddSingleton<ICertificateStore>(store);
            services.AddHttpClient(nameof(AcmeClient)).AddHttpMessageHandler(() => new CountingHandler(orders));
        });
        var runner = LocalFleetEngine.Runner(engine);
        var pending = _fleet.SharedContainer.GetBlobClient(StoreLayout.Pending("lb0"));

        var first = await runner.RenewAsync(new LbRenewalRequest("lb0", "test"), CancellationToken.None);
        var keptAfterFirst = (await pending.ExistsAsync()).Value;
        var retry = await runner.RenewAsync(new LbRenewalRequest("lb0", "test", Redelivered: true), CancellationToken.None);

        Assert.Equal(LbOutcomeKind.Failed, first.Outcome);
        Assert.True(first.Retryable, "a refused import with the bundle kept is worth a prompt retry, even for a 400");
        Assert.True(keptAfterFirst, "the issued bundle was not kept under pending/lb0");
        Assert.Equal(LbOutcomeKind.Renewed, retry.Outcome);
        Assert.Equal(1, orders.Count);
        Assert.Equal(2, store.Imports);
        var stored = await new BlobCertificateStore(_fleet.CertificateContainer).GetInfoAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, "lb0"), CancellationToken.None);
        Assert.Equal(retry.Serial, stored!.Leaf.SerialNumber);
        Assert.False((await pending.ExistsAsync()).Value, "pending/lb0 outlived its import");
    }

    /// <summary>A certificate store that refuses its first import, as a vault with a policy problem would.</summary>
    private sealed class RefusingOnceStore(ICertificateStore inner) : ICertificateStore
    {
        private int _imports;

        public int Imports => _imports;

        public Task<StoredCertificateInfo?> GetInfoAsync(string name, CancellationToken cancellationToken) => inner.GetInfoAsync(name, cancellationToken);

        public Task<StoredCertificate?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

        public Task<StoredCertificateInfo> ImportAsync(string name, CertificateBundle bundle, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _imports) == 1
                ? throw new RequestFailedException(400, "BadParameter: the vault refused the certificate")
                : inner.ImportAsync(name, bundle, tags, cancellationToken);
    }

    private sealed class NewOrderCounter
    {
        private int _count;

        public int Count => _count;

        public void Add() => Interlocked.Increment(ref _count);
    }

    /// <summary>Counts newOrder requests (Pebble's newOrder is /order-plz) on the engine's ACME client.</summary>
    private sealed class CountingHandler(NewOrderCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath == "/order-plz")
            {
                counter.Add();
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
