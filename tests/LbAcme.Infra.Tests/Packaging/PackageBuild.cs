namespace LbAcme.Infra.Tests.Packaging;

/// <summary>
/// Runs one packaging script once per test run (each does a self-contained publish: the slow part of this
/// project) into a scratch folder, and removes it afterwards.
/// </summary>
public abstract class PackageBuild : IAsyncLifetime
{
    private readonly string _script;
    private readonly string _fileName;

    protected PackageBuild(string script, string fileName)
    {
        _script = script;
        _fileName = fileName;
    }

    public string Scratch { get; } = TestTools.NewScratchDirectory("package");

    public string PackagePath => Path.Combine(Scratch, _fileName);

    public async Task InitializeAsync()
    {
        var build = await Command.RunAsync(_script, [PackagePath], TimeSpan.FromMinutes(8), workingDirectory: TestTools.RepoRoot);
        Assert.True(build.ExitCode == 0 && File.Exists(PackagePath), build.ToString());
        await AfterBuildAsync();
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Scratch, recursive: true);
        return Task.CompletedTask;
    }

    protected virtual Task AfterBuildAsync() => Task.CompletedTask;
}
