using LbAcme.Certificates;
using LbAcme.Certificates.Blob;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;
using LbAcme.Testing;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// The directory tag end to end, through the Native AOT sidecar, Azurite and HAProxy: a certificate tagged with the
/// fleet's directory deploys; one tagged with another directory is refused (status and metrics say wrong_directory)
/// while HAProxy keeps serving the good one; an untagged one, as older function versions wrote them, still deploys.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class WrongDirectoryTests(CertificateSyncEnvironment env)
{
    private const string Name = CertificateSyncEnvironment.ServiceName;

    [Fact]
    public async Task A_certificate_from_another_directory_is_refused_and_the_current_one_keeps_serving()
    {
        var right = env.IssueNext();
        await ImportAsync(right, new Uri("HTTPS://CA.example.test/directory/")); // the fleet's, spelled differently
        await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name) == right.Serial,
            TimeSpan.FromSeconds(15), "the certificate tagged with the fleet's directory served", env.Lb0);
        using var http = SidecarHttp.Create();
        var refusedBefore = (await MetricsScrape.ReadAsync(http, env.Lb0.MetricsUri)).Sum("lbacme_sidecar_certificate_refusals_total", $"reason=\"{DeployRefusals.WrongDirectory}\"");

        // Newer, trusted and for the right names: only the tag says it came from elsewhere.
        var elsewhere = env.IssueNext();
        var version = await ImportAsync(elsewhere, new Uri("https://acme-staging.ca.example.test/directory"));
        DeployStatus? status = null;
        await CertificateSyncEnvironment.WaitForAsync(async () => (status = await env.ReadStatusAsync("lb0"))?.StoreVersion == version,
            TimeSpan.FromSeconds(10), "status/lb0 about the other directory's version", env.Lb0);

        Assert.Equal(DeployOutcome.Refused, status!.Outcome);
        Assert.Equal(DeployRefusals.WrongDirectory, status.Reason);
        Assert.Contains("https://acme-staging.ca.example.test/directory", status.Result, StringComparison.Ordinal);
        Assert.Equal(right.Serial, status.Serial);
        Assert.Equal(right.Serial, await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name));
        var refusedAfter = (await MetricsScrape.ReadAsync(http, env.Lb0.MetricsUri)).Sum("lbacme_sidecar_certificate_refusals_total", $"reason=\"{DeployRefusals.WrongDirectory}\"");
        Assert.Equal(refusedBefore + 1, refusedAfter);
        Assert.DoesNotContain(elsewhere.LeafPem, await File.ReadAllTextAsync(env.PemPath("lb0")), StringComparison.Ordinal);

        // Untagged (an older function version): judged by its chain alone, and this chain is the fleet's CA.
        var legacy = env.IssueNext();
        await env.PutCertificateAsync("lb0", legacy.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name) == legacy.Serial,
            TimeSpan.FromSeconds(15), "the untagged certificate served", env.Lb0);
    }

    /// <summary>Imports through the engine's own Blob store and tags, as the renewal function does; returns the store version.</summary>
    private async Task<string> ImportAsync(IssuedPem issued, Uri directory)
    {
        using var bundle = CertificateBundle.Parse(issued.Bundle);
        var tags = CertificateTags.Create("lb0", bundle.Leaf, directory, null, null, null);
        return (await new BlobCertificateStore(env.Certificates).ImportAsync("lbacme-lb0", bundle, tags, CancellationToken.None)).Version;
    }
}
