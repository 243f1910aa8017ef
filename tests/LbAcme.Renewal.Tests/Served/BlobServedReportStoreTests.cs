using Azure.Storage.Blobs;
using LbAcme.Core.Served;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Served;

namespace LbAcme.Renewal.Tests.Served;

/// <summary>The probe report in the shared store (Azurite): round trip, none yet, and reads capped like every store read.</summary>
public sealed class BlobServedReportStoreTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await Container().CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private BlobContainerClient Container() => new(_azurite.ConnectionString, "lb-acme");

    [Fact]
    public async Task No_report_yet_reads_as_null()
    {
        Assert.Null(await new BlobServedReportStore(Container()).GetLatestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_saved_report_reads_back_whole_from_its_one_blob_with_web_names()
    {
        var store = new BlobServedReportStore(Container());
        var at = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
        var report = new ServedReport(at, at.AddSeconds(2),
        [
            new ServedObservation("[2001:db8::1]:443", ServedAddressKind.Vip, null, "svc.example", at, 12.5, null, "0A1B", at.AddDays(-1), at.AddDays(89),
                "CN=Pebble Intermediate", ["svc.example"], false, true, null, true, "TLSv1.3"),
            new ServedObservation("198.51.100.11:443", ServedAddressKind.Lb, "lb0", "lb0.svc.example", at, 2000, "timed out: no TCP connection", Failure: ServedFailure.ConnectTimeout),
        ]);

        await store.SaveAsync(report, CancellationToken.None);
        var read = await store.GetLatestAsync(CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(report.Started, read.Started);
        Assert.Equal(report.Observations.Count, read.Observations.Count);
        Assert.Equal(report.Observations[0] with { DnsNames = null }, read.Observations[0] with { DnsNames = null });
        Assert.Equal(["svc.example"], read.Observations[0].DnsNames);
        Assert.Equal(report.Observations[1], read.Observations[1]);
        var json = (await Container().GetBlobClient(StoreLayout.ServedReport).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"kind\":\"vip\"", json, StringComparison.Ordinal);
        Assert.Contains("\"failure\":\"connect_timeout\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blob_over_the_cap_is_refused_without_being_read_and_garbage_is_named()
    {
        var store = new BlobServedReportStore(Container());
        var blob = Container().GetBlobClient(StoreLayout.ServedReport);

        await blob.UploadAsync(new BinaryData(new byte[StoreReadLimits.MaxServedReportBytes + 1]), overwrite: true);
        var tooLarge = await Assert.ThrowsAsync<StoredObjectTooLargeException>(() => store.GetLatestAsync(CancellationToken.None));
        Assert.Equal(StoreReadLimits.MaxServedReportBytes + 1, tooLarge.Size);

        await blob.UploadAsync(BinaryData.FromString("{\"started\": 12"), overwrite: true);
        var garbage = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetLatestAsync(CancellationToken.None));
        Assert.Contains(StoreLayout.ServedReport, garbage.Message, StringComparison.Ordinal);
    }
}
