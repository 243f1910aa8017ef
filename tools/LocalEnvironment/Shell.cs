namespace LbAcme.LocalEnvironment;

/// <summary>Short system commands (ip, sysctl, kill) with their output merged, on top of <see cref="Command"/>.</summary>
public static class Shell
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs the command; a non-zero exit throws with its output.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var result = await Command.RunAsync(file, arguments, Timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
        return result.StandardOutput + result.StandardError;
    }

    public static async Task<(int Code, string Output)> TryRunAsync(string file, params string[] arguments)
    {
        var result = await Command.RunAsync(file, arguments, Timeout);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }
}
