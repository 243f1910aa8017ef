namespace LbAcme.LocalEnvironment;

/// <summary>
/// Fires the renewal timer once through the function app's stand-in host (<c>LbAcme.Functions local --once</c>, as its
/// own process): one queue message per LB, one RenewLb invocation each, through Azurite's real queue.
/// The function app's assembly must sit beside the caller's (a project reference copies it there).
/// </summary>
public static class RenewalTimer
{
    /// <summary>The runner's exit code (null when it did not end within <paramref name="timeout"/>) and its output.</summary>
    public static async Task<(int? ExitCode, string Output)> FireOnceAsync(ILocalFleet fleet, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--once" };
        arguments.AddRange(fleet.EngineSettings().Select(s => $"--{s.Key}={s.Value}"));
        arguments.Add("--Logging:LogLevel:Default=Warning");
        await using var runner = ManagedProcess.Start("renewal timer", SidecarProcess.DotnetHost, arguments, environment);
        var exit = await runner.WaitForExitAsync(timeout).WaitAsync(cancellationToken);
        return (exit, runner.Output);
    }
}
