namespace LbAcme.Infra.Tests.Render;

/// <summary>Runs the built lb-sidecar (dotnet lb-sidecar.dll from this test's output) like an operator would.</summary>
public static class SidecarCli
{
    public static Task<CommandResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    public static Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Command.RunAsync(SidecarBinary.FileName, SidecarBinary.Arguments(arguments), TimeSpan.FromMinutes(1), environment: environment);

    /// <summary>Renders and returns the text, failing the test with the command's output when it does not exit 0.</summary>
    public static async Task<string> RenderAsync(string kind, string config, params string[] extra)
    {
        var result = await RunAsync(["render", kind, "--config", config, .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }
}
