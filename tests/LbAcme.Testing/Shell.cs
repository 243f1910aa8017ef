using System.Diagnostics;

namespace LbAcme.Testing;

/// <summary>Runs one command to completion (ip, sysctl, kill) with a timeout; a failure throws with its output.</summary>
public static class Shell
{
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var (code, output) = await TryRunAsync(file, arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {code}: {output}");
        }
        return output;
    }

    public static async Task<(int Code, string Output)> TryRunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
