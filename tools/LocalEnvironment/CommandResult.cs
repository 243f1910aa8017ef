namespace LbAcme.LocalEnvironment;

/// <summary>What a finished command printed and returned, formatted for assertion messages.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"`{Command}` exited {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
