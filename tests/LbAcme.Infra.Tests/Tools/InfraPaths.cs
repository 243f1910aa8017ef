namespace LbAcme.Infra.Tests.Tools;

/// <summary>Where the repository keeps what these tests check.</summary>
public static class InfraPaths
{
    public static string Infra => System.IO.Path.Combine(TestTools.RepoRoot, "infra");

    public static string Packaging => System.IO.Path.Combine(Infra, "packaging");

    /// <summary>Copies infra/'s Bicep files to a scratch folder, so snapshots and test parameter files never land in the repo.</summary>
    public static string CopyBicepTo(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(Infra, "*.bicep*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(Infra, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return destination;
    }
}
