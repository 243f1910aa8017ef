using System.Diagnostics;
using LbAcme.LocalEnvironment;

namespace LbAcme.Sidecar.Tests.Fleet;

/// <summary>Runs <c>lb-sidecar</c> as a one-shot command (check, or a run that must refuse to start) and collects its exit code and output.</summary>
internal static class CommandRunner
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Task<Result> RunSidecarAsync(params string[] arguments) => RunSidecarAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Like <see cref="RunSidecarAsync(string[])"/> with <paramref name="environment"/> added to the process's environment.</summary>
    public static async Task<Result> RunSidecarAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(SidecarBinary.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        foreach (var a in SidecarBinary.Arguments(arguments))
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("lb-sidecar did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"lb-sidecar {string.Join(' ', arguments)} did not exit within 60 s");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
