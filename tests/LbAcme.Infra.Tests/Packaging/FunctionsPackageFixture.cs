using System.IO.Compression;
using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Packaging;

/// <summary>The zip infra/package-functions.sh builds, built once and also extracted (keeping the mode bits, as the Linux worker does).</summary>
public sealed class FunctionsPackageFixture() : PackageBuild(Path.Combine(InfraPaths.Infra, "package-functions.sh"), "lb-acme-functions.zip")
{
    public string Extracted => Path.Combine(Scratch, "extracted");

    protected override Task AfterBuildAsync()
    {
        ZipFile.ExtractToDirectory(PackagePath, Extracted);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class FunctionsPackageBuild : ICollectionFixture<FunctionsPackageFixture>
{
    public const string Name = "functions package";
}
