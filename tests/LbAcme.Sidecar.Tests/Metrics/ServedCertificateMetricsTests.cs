using System.Security.Cryptography.X509Certificates;
using LbAcme.Sidecar.Tests.CertificateSync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>The served leaf's metrics come from the PEM HAProxy serves, from start, and say when it is the bootstrap one.</summary>
[Collection(MetricsGroup.Name)]
public sealed class ServedCertificateMetricsTests(MetricsFleet fleet)
{
    private const string NotAfter = "lbacme_sidecar_certificate_not_after_timestamp_seconds";
    private const string NotBefore = "lbacme_sidecar_certificate_not_before_timestamp_seconds";
    private const string Info = "lbacme_sidecar_certificate_info";
    private const string Bootstrap = "lbacme_sidecar_certificate_bootstrap";

    [Fact]
    public async Task After_a_restart_the_served_leaf_is_reported_before_any_deploy()
    {
        var first = fleet.Issuer.Issue([MetricsFleet.ServiceName], DateTimeOffset.UtcNow.AddHours(-2));
        await fleet.PutCertificateAsync("lb0", first.Bundle);
        await using (var earlier = await fleet.StartAsync("lb0"))
        {
            await fleet.ScrapeUntilAsync(earlier, t => MetricsFleet.Value(t, "lbacme_sidecar_certificate_syncs_total", ("outcome", "deployed")) >= 1, "the first deploy");
        }

        await using var restarted = await fleet.StartAsync("lb0");
        // Its first round finds the store's version already served: nothing is deployed by this process.
        var text = await fleet.ScrapeUntilAsync(restarted, t => MetricsFleet.Value(t, "lbacme_sidecar_certificate_last_outcome", ("outcome", "unchanged")) == 1, "a round after the restart");
        Assert.Equal(0, MetricsFleet.Value(text, "lbacme_sidecar_certificate_syncs_total", ("outcome", "deployed")));
        using (var leaf = X509Certificate2.CreateFromPem(first.LeafPem))
        {
            Assert.Equal(new DateTimeOffset(leaf.NotAfter).ToUnixTimeSeconds(), MetricsFleet.Value(text, NotAfter));
            Assert.Equal(new DateTimeOffset(leaf.NotBefore).ToUnixTimeSeconds(), MetricsFleet.Value(text, NotBefore));
            // The deprecated name, kept for one release, reads the same instead of 0.
            Assert.Equal(new DateTimeOffset(leaf.NotAfter).ToUnixTimeSeconds(), MetricsFleet.Value(text, "lbacme_sidecar_certificate_not_after_seconds"));
            Assert.Equal(1, MetricsFleet.Value(text, Info, ("serial", first.Serial), ("issuer", leaf.Issuer), ("self_signed", "false")));
        }
        Assert.Equal(1, MetricsFleet.Count(text, Info));
        Assert.Equal(0, MetricsFleet.Value(text, Bootstrap));
        Assert.Equal(1, MetricsFleet.Count(text, Bootstrap));

        // A new leaf replaces the info series instead of adding one beside it.
        var second = fleet.Issuer.Issue([MetricsFleet.ServiceName], DateTimeOffset.UtcNow.AddHours(-1));
        await fleet.PutCertificateAsync("lb0", second.Bundle);
        text = await fleet.ScrapeUntilAsync(restarted, t => MetricsFleet.Value(t, Info, ("serial", second.Serial)) == 1, "the second leaf's info series");
        Assert.Equal(1, MetricsFleet.Count(text, Info));
        using var secondLeaf = X509Certificate2.CreateFromPem(second.LeafPem);
        Assert.Equal(new DateTimeOffset(secondLeaf.NotAfter).ToUnixTimeSeconds(), MetricsFleet.Value(text, NotAfter));
    }

    [Fact]
    public async Task A_sidecar_on_its_bootstrap_certificate_says_so()
    {
        // Nothing in the store for lb1 and nothing on disk: the sidecar writes its self-signed certificate.
        await using var sidecar = await fleet.StartAsync("lb1");
        var text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Count(t, Info) == 1, "an info series");

        using var written = CertificateSyncEnvironment.X509CertificateLoaderFromPem(await File.ReadAllTextAsync(fleet.PemPath("lb1")));
        Assert.Equal(1, MetricsFleet.Value(text, Bootstrap));
        Assert.Equal(1, MetricsFleet.Value(text, Info, ("serial", written.SerialNumber), ("issuer", written.Issuer), ("self_signed", "true")));
        Assert.Equal(new DateTimeOffset(written.NotAfter).ToUnixTimeSeconds(), MetricsFleet.Value(text, NotAfter));
    }
}
