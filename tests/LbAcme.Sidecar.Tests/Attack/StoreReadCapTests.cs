using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Status;
using LbAcme.Core.Store;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>
/// Finding 7: oversize certificate and challenge blobs are refused after at most the cap is transferred (counted
/// on the wire), and an oversize certificate version leaves the deployed one serving. Real Azurite, real sidecar.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class StoreReadCapTests(CertificateSyncEnvironment env)
{
    private const int Oversize = 32 * 1024 * 1024;

    [Fact]
    public async Task An_oversize_certificate_blob_is_refused_without_downloading_it()
    {
        using var counting = new CountingHandler();
        var container = CountedContainer(counting, CertificateSyncEnvironment.CertificateContainer);
        await container.GetBlobClient("lbacme-oversize.pem").UploadAsync(new BinaryData(new byte[Oversize]), overwrite: true);
        var store = new BlobCertificateStore(container);
        var before = counting.Received;

        var refused = await Assert.ThrowsAsync<StoredObjectTooLargeException>(() => store.GetAsync("lbacme-oversize", CancellationToken.None));

        Assert.Equal(Oversize, refused.Size);
        Assert.True(counting.Received - before <= StoreReadLimits.MaxCertificateBytes + 1, $"{counting.Received - before} bytes received");
    }

    [Fact]
    public async Task A_certificate_blob_at_the_cap_is_still_read_whole()
    {
        using var counting = new CountingHandler();
        var container = CountedContainer(counting, CertificateSyncEnvironment.CertificateContainer);
        var good = env.IssueNext();
        var padded = good.Bundle + new string('\n', StoreReadLimits.MaxCertificateBytes - good.Bundle.Length);
        await container.GetBlobClient("lbacme-atcap.pem").UploadAsync(BinaryData.FromString(padded), overwrite: true);

        var stored = await new BlobCertificateStore(container).GetAsync("lbacme-atcap", CancellationToken.None);

        Assert.Equal(padded, stored!.Pem);
    }

    [Fact]
    public async Task An_oversize_challenge_blob_is_listed_with_its_size_and_refused_without_downloading_it()
    {
        using var counting = new CountingHandler();
        var container = CountedContainer(counting, CertificateSyncEnvironment.SharedContainer);
        var store = new BlobChallengeStore(container, TimeSpan.FromSeconds(30));
        const string Lb = "oversize-lb";
        const string Token = "oversizeToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        await container.GetBlobClient(StoreLayout.Challenge(Lb, Token)).UploadAsync(new BinaryData(new byte[Oversize]), overwrite: true);
        await store.PutAsync(Lb, "smallToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "smallToken.thumbprint", CancellationToken.None);
        var before = counting.Received;

        var listed = await store.ListAsync(Lb, CancellationToken.None);
        var read = await store.ReadAsync(Lb, Token, CancellationToken.None);
        var small = await store.ReadAsync(Lb, "smallToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", CancellationToken.None);

        Assert.Equal(Oversize, listed.Single(c => c.Token == Token).Size);
        Assert.Equal(CappedReadKind.TooLarge, read.Kind);
        Assert.Equal(Oversize, read.Size);
        Assert.Empty(read.Content);
        Assert.Equal("smallToken.thumbprint", System.Text.Encoding.UTF8.GetString(small.Content));
        Assert.True(counting.Received - before <= StoreReadLimits.MaxChallengeBytes + 1 + 64 * 1024, $"{counting.Received - before} bytes received (listing included)");
    }

    [Fact]
    public async Task An_oversize_certificate_version_is_refused_as_too_large_and_the_deployed_one_keeps_serving()
    {
        var good = env.IssueNext();
        await env.PutCertificateAsync("lb0", good.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, CertificateSyncEnvironment.ServiceName) == good.Serial,
            TimeSpan.FromSeconds(15), "the good certificate served", env.Lb0);
        var residentBefore = env.Lb0.ResidentBytes();

        var uploaded = await env.Certificates.GetBlobClient("lbacme-lb0.pem").UploadAsync(new BinaryData(new byte[Oversize]), overwrite: true);
        var version = uploaded.Value.ETag.ToString();
        DeployStatus? status = null;
        await CertificateSyncEnvironment.WaitForAsync(async () => (status = await env.ReadStatusAsync("lb0"))?.StoreVersion == version,
            TimeSpan.FromSeconds(15), "status/lb0 about the oversize version", env.Lb0);
        await Task.Delay(1500); // three more rounds on the same oversize version

        Assert.Equal(DeployOutcome.Refused, status!.Outcome);
        Assert.Equal(DeployRefusals.TooLarge, status.Reason);
        Assert.Equal(good.Serial, status.Serial);
        Assert.Equal(good.Serial, await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, CertificateSyncEnvironment.ServiceName));
        Assert.Contains(good.LeafPem, await File.ReadAllTextAsync(env.PemPath("lb0")), StringComparison.Ordinal);
        Assert.False(env.Lb0.HasExited);
        // A whole download would hold the blob at least once (32 MiB) plus its text; the cap keeps the growth far below.
        var grown = env.Lb0.ResidentBytes() - residentBefore;
        Assert.True(grown < Oversize / 2, $"RSS grew by {grown / 1024 / 1024} MiB");
    }

    private BlobContainerClient CountedContainer(CountingHandler counting, string container) =>
        new(env.Azurite.ConnectionString, container, new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(counting)) });
}
