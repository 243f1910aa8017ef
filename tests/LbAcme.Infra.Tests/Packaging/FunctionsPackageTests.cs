using System.IO.Compression;
using System.Text.Json;

namespace LbAcme.Infra.Tests.Packaging;

/// <summary>The deploy zip has the layout the Functions host expects, and the handler in it runs on its own runtime.</summary>
[Collection(FunctionsPackageBuild.Name)]
public sealed class FunctionsPackageTests(FunctionsPackageFixture package)
{
    private const UnixFileMode Executable = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    [Fact]
    public void Host_json_and_every_function_folder_sit_at_the_root_of_the_zip()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var functions = Directory.GetDirectories(TestTools.RepoRoot)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Contains("host.json", names);
        Assert.Equal(["Renew", "RenewalTimer", "Status"], functions.Order());
        Assert.All(functions, f => Assert.Contains($"{f}/function.json", names));
        Assert.Equal(
            File.ReadAllText(Path.Combine(TestTools.RepoRoot, "RenewalTimer", "function.json")),
            File.ReadAllText(Path.Combine(package.Extracted, "RenewalTimer", "function.json")));
    }

    [Fact]
    public void The_executable_host_json_names_exists_with_exec_permission()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Extracted, "host.json")));
        var executable = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var entry = zip.GetEntry(executable);

        Assert.NotNull(entry);
        // The zip's Unix mode bits (external attributes' high word) are what the worker's file gets.
        var mode = (UnixFileMode)((entry.ExternalAttributes >> 16) & 0x1FF);
        Assert.Equal(Executable, mode & Executable);
        Assert.Equal(Executable, File.GetUnixFileMode(Path.Combine(package.Extracted, executable)) & Executable);
    }

    [Fact]
    public void The_handler_is_self_contained()
    {
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Extracted, "LbAcme.Functions.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");

        Assert.True(options.TryGetProperty("includedFrameworks", out _), "runtimeconfig names no included frameworks: not self-contained");
        Assert.True(File.Exists(Path.Combine(package.Extracted, "libcoreclr.so")));
        Assert.False(Directory.EnumerateFiles(package.Extracted, "*.pdb").Any());
    }

    [Fact]
    public async Task The_packaged_handler_starts_on_its_bundled_runtime_and_names_the_missing_settings()
    {
        // No Fleet/Engine/Store settings and no .NET on the path: the handler must still load (self-contained)
        // and refuse to start, naming the missing fields. (It exits 134 today, not 2: Program.cs catches
        // OptionsValidationException, but ValidateOnStart wraps it in an AggregateException.)
        var run = await Command.RunAsync(Path.Combine(package.Extracted, "LbAcme.Functions"), [], TimeSpan.FromMinutes(1),
            workingDirectory: package.Extracted,
            environment: new Dictionary<string, string> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), ["DOTNET_ROOT"] = "/nonexistent" });

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("Fleet:Names: at least one DNS name is required", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Store: set ConnectionString, ContainerSasUri or ServiceUri", run.StandardOutput + run.StandardError, StringComparison.Ordinal);
    }
}
