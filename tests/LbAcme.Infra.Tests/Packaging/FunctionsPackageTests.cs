using System.IO.Compression;
using System.Text.Json;

namespace LbAcme.Infra.Tests.Packaging;

/// <summary>The deploy zip holds what the Functions host reads at its root, and the worker in it runs.</summary>
[Collection(FunctionsPackageBuild.Name)]
public sealed class FunctionsPackageTests(FunctionsPackageFixture package)
{
    [Fact]
    public void The_zip_root_holds_host_json_the_generated_metadata_and_the_worker()
    {
        using var zip = ZipFile.OpenRead(package.PackagePath);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "host.json", "functions.metadata", "worker.config.json", "extensions.json", "LbAcme.Functions.dll", "LbAcme.Functions.runtimeconfig.json" })
        {
            Assert.Contains(file, names);
        }
        Assert.Contains(names, n => n.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith("function.json", StringComparison.Ordinal)); // no custom-handler folders
        Assert.DoesNotContain(names, n => !n.StartsWith(".azurefunctions/", StringComparison.Ordinal) && n.EndsWith(".pdb", StringComparison.Ordinal));
    }

    [Fact]
    public void Host_json_in_the_zip_is_the_repository_one()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(TestTools.RepoRoot, "host.json")), File.ReadAllText(Path.Combine(package.Extracted, "host.json")));
    }

    [Fact]
    public void Worker_config_starts_our_dll_as_a_dotnet_isolated_worker()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Extracted, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("LbAcme.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void The_packaged_metadata_declares_the_eight_functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Extracted, "functions.metadata")));

        Assert.Equal(["DeactivateAccount", "Probe", "Renew", "RenewLb", "RenewalTimer", "RevokeCertificate", "RollAccountKey", "Status"],
            metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_worker_targets_the_runtime_the_plan_provides()
    {
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(package.Extracted, "LbAcme.Functions.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions");

        // Framework-dependent on .NET 10: what FUNCTIONS_WORKER_RUNTIME=dotnet-isolated with version 10.0 runs.
        Assert.Equal("net10.0", options.GetProperty("tfm").GetString());
        Assert.False(options.TryGetProperty("includedFrameworks", out _));
    }

    [Fact]
    public async Task The_packaged_worker_refuses_to_start_without_its_settings_and_names_each_one()
    {
        var run = await Command.RunAsync("dotnet", [Path.Combine(package.Extracted, "LbAcme.Functions.dll")], TimeSpan.FromMinutes(1), workingDirectory: package.Extracted);
        var output = run.StandardOutput + run.StandardError;

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Fleet:Names: at least one DNS name is required", output, StringComparison.Ordinal);
        Assert.Contains("Store: set ConnectionString, ContainerSasUri or ServiceUri", output, StringComparison.Ordinal);
        Assert.Contains("RenewalQueue: set a connection string", output, StringComparison.Ordinal);
        Assert.Contains("RenewalSchedule: required", output, StringComparison.Ordinal);
    }
}
