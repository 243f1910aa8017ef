using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>Every Bicep file in infra/ builds and lints with zero diagnostics (the linter exits 0 on warnings, so the output is what counts).</summary>
[Collection(BicepDeployments.Name)]
public sealed class BicepLintTests(BicepFixture fixture)
{
    [Fact]
    public async Task Every_bicep_file_lints_without_any_diagnostic()
    {
        // One bicep process for all files: each start costs seconds.
        var lint = await BicepCli.RunAsync("lint", "--pattern", Path.Combine(fixture.Directory, "**", "*.bicep"));

        Assert.True(lint.ExitCode == 0 && lint.StandardOutput.Trim().Length == 0 && lint.StandardError.Trim().Length == 0, lint.ToString());
        Assert.True(Directory.GetFiles(fixture.Directory, "*.bicep", SearchOption.AllDirectories).Length >= 10, "infra/ Bicep files were not copied");
    }

    [Fact]
    public async Task Example_parameter_file_lints_and_builds_clean()
    {
        var path = Path.Combine(fixture.Directory, "main.example.bicepparam");

        var lint = await BicepCli.RunAsync("lint", path);
        var build = await BicepCli.RunAsync("build-params", path, "--stdout");

        Assert.True(lint.ExitCode == 0 && (lint.StandardOutput + lint.StandardError).Trim().Length == 0, lint.ToString());
        Assert.True(build.ExitCode == 0 && build.StandardError.Trim().Length == 0, build.ToString());
        Assert.Contains("lbIdentities", build.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lint_check_would_see_a_warning()
    {
        // Proves the "no output" assertion above can fail: the same pattern finds an unused parameter in a module.
        var probe = TestTools.NewScratchDirectory("bicep-probe");
        Directory.CreateDirectory(Path.Combine(probe, "modules"));
        await File.WriteAllTextAsync(Path.Combine(probe, "modules", "warning-probe.bicep"), "param unused string\n");

        var lint = await BicepCli.RunAsync("lint", "--pattern", Path.Combine(probe, "**", "*.bicep"));
        Directory.Delete(probe, recursive: true);

        Assert.Contains("warning-probe.bicep(1,7) : Warning no-unused-params", lint.StandardOutput + lint.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_compiles_to_an_ARM_template_with_every_module()
    {
        var resources = fixture.Template.RootElement.GetProperty("resources");

        string[] modules = ["monitoring", "hostStorage", "store", "vault", "functionApp", "functionRoles", "statusWriterRole", "lbAccess", "alerts"];
        foreach (var module in modules)
        {
            Assert.True(resources.TryGetProperty(module, out var resource), $"module {module} missing from the compiled template");
            Assert.Equal("Microsoft.Resources/deployments", resource.GetProperty("type").GetString());
        }
        Assert.Equal("2.0", fixture.Template.RootElement.GetProperty("languageVersion").GetString());
    }
}
