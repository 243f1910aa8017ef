using LbAcme.LocalEnvironment;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// The LB's Dapr files as an operator gets them: <c>lb-sidecar render dapr</c> (the binary the LB runs) from the
/// rig's fleet file, and the daprd command line it wrote, which is what the double is started from.
/// </summary>
internal static class DaprFiles
{
    public static async Task<(DaprdFlags Flags, CommandResult Output)> RenderAsync(RolloutPaths paths, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await Command.RunAsync(SidecarBinary.FileName,
            SidecarBinary.Arguments("render", "dapr", "--config", paths.FleetFile, "--lb", RolloutLb.Lb, "--out", paths.DaprRendered),
            TimeSpan.FromSeconds(30));
        var env = Path.Combine(paths.DaprRendered, DaprdFlags.FileName);
        if (result.ExitCode != 0 || !File.Exists(env))
        {
            throw new InvalidOperationException($"render dapr failed: {result}");
        }
        return (DaprdFlags.Parse(await File.ReadAllTextAsync(env, cancellationToken)), result);
    }
}
