using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Packaging;

/// <summary>The .deb infra/packaging/build-deb.sh builds, built once and unpacked into a scratch root with dpkg -x.</summary>
public sealed class DebPackageFixture() : PackageBuild(Path.Combine(InfraPaths.Packaging, "build-deb.sh"), "lb-acme-sidecar_test_amd64.deb")
{
    public string Root => Path.Combine(Scratch, "root");

    protected override async Task AfterBuildAsync()
    {
        var extract = await Command.RunAsync("dpkg", ["-x", PackagePath, Root], TimeSpan.FromMinutes(2));
        Assert.True(extract.ExitCode == 0, extract.ToString());
    }
}

[CollectionDefinition(Name)]
public sealed class DebPackageBuild : ICollectionFixture<DebPackageFixture>
{
    public const string Name = "deb package";
}
