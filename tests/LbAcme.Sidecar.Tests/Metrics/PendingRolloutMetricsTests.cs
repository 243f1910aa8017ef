using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

/// <summary>A store certificate the LB does not deploy shows as pending, with the time it was first seen so, until one is served.</summary>
[Collection(MetricsGroup.Name)]
public sealed class PendingRolloutMetricsTests(MetricsFleet fleet)
{
    private const string PendingSince = "lbacme_sidecar_certificate_pending_since_timestamp_seconds";

    [Fact]
    public async Task A_refused_store_version_is_pending_across_rounds_until_a_good_one_is_deployed()
    {
        var served = fleet.Issuer.Issue([MetricsFleet.ServiceName], DateTimeOffset.UtcNow.AddHours(-3));
        Directory.CreateDirectory(Path.GetDirectoryName(fleet.PemPath("lb3"))!);
        await File.WriteAllTextAsync(fleet.PemPath("lb3"), served.Bundle);
        await fleet.PutCertificateAsync("lb3", fleet.Issuer.Issue(["other.example.test"], DateTimeOffset.UtcNow.AddHours(-2)).Bundle);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var sidecar = await fleet.StartAsync("lb3");

        var text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Value(t, PendingSince) > 0, "a pending rollout");
        var since = MetricsFleet.Value(text, PendingSince);
        Assert.InRange(since, before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(1, MetricsFleet.Value(text, "lbacme_sidecar_certificate_refusals_total", ("reason", "wrong_names")));
        // Later rounds skip the settled version; it is still not served, and still pending since the same moment.
        text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Value(t, "lbacme_sidecar_certificate_syncs_total", ("outcome", "skipped")) >= 2, "two skipped rounds");
        Assert.Equal(since, MetricsFleet.Value(text, PendingSince));
        Assert.Equal(0.5, MetricsFleet.Value(text, "lbacme_sidecar_certificate_sync_interval_seconds"));

        await fleet.PutCertificateAsync("lb3", fleet.Issuer.Issue([MetricsFleet.ServiceName], DateTimeOffset.UtcNow.AddHours(-1)).Bundle);
        text = await fleet.ScrapeUntilAsync(sidecar, t => MetricsFleet.Value(t, "lbacme_sidecar_certificate_syncs_total", ("outcome", "deployed")) == 1, "the good version deployed");
        Assert.Equal(0, MetricsFleet.Value(text, PendingSince));
    }
}
