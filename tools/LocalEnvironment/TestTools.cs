namespace LbAcme.LocalEnvironment;

/// <summary>Where the tools the tests run live: Debian packages on PATH, npm packages under the repo.</summary>
public static class TestTools
{
    /// <summary>The repository root (the folder holding Serverless.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Azurite => Path.Combine(RepoRoot, "node_modules", ".bin", "azurite");

    /// <summary>A fresh scratch directory under the system temp folder, removed by the caller's fixture.</summary>
    public static string NewScratchDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"lbacme-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
