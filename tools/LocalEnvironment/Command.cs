using System.Diagnostics;

namespace LbAcme.LocalEnvironment;

/// <summary>Runs a command to completion (with a deadline) and keeps both outputs; for tools that exit, not servers.</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = RedirectedStart.Info(fileName, arguments, environment, workingDirectory);
        var display = string.Join(' ', new[] { fileName }.Concat(info.ArgumentList));
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{display} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{display} did not finish within {timeout.TotalSeconds} s");
        }
        return new CommandResult(display, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>True when <paramref name="name"/> is an executable on PATH.</summary>
    public static bool IsOnPath(string name) => FindOnPath(name) is not null;

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
