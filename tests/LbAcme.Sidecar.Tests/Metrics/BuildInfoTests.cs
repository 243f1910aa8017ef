using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Metrics;
using Xunit;

namespace LbAcme.Sidecar.Tests.Metrics;

[Collection(MetricsGroup.Name)]
public sealed class BuildInfoTests(MetricsFleet fleet)
{
    [Fact]
    public async Task Build_info_names_the_version_commit_and_runtime()
    {
        await using var sidecar = await fleet.StartAsync("lb2");
        var series = ScrapedSeries.Parse(await fleet.ScrapeAsync(sidecar), "lbacme_sidecar_build_info");

        var info = Assert.Single(series);
        Assert.Equal(1, info.Value);
        // The same binary's --version prints the informational version the labels are split from.
        var printed = await Command.RunAsync(SidecarBinary.FileName, SidecarBinary.Arguments("--version"), TimeSpan.FromSeconds(30));
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var expected = BuildInfo.From(printed.StandardOutput.Trim(), "", nativeAot: false);
        Assert.Equal(expected.Version, info.Labels["version"]);
        Assert.Equal(expected.Commit, info.Labels["commit"]);
        Assert.StartsWith(".NET ", info.Labels["runtime"], StringComparison.Ordinal);
        Assert.Equal(SidecarBinary.Native is not null, info.Labels["runtime"].EndsWith("(Native AOT)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1.0.0+a0ae9d85ffadeadf545cbba4979c7625ebea28ea", "1.0.0", "a0ae9d85ffadeadf545cbba4979c7625ebea28ea")]
    [InlineData("1.2.3", "1.2.3", "")]
    [InlineData(null, "unknown", "")]
    public void The_version_and_commit_come_from_the_informational_version(string? informational, string version, string commit)
    {
        var info = BuildInfo.From(informational, ".NET 10.0.0", nativeAot: true);

        Assert.Equal(version, info.Version);
        Assert.Equal(commit, info.Commit);
        Assert.Equal(".NET 10.0.0 (Native AOT)", info.Runtime);
    }
}
