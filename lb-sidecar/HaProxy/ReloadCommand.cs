using System.Diagnostics;
using System.Text;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>The configured fallback (e.g. <c>systemctl reload haproxy</c>), run by /bin/sh with a timeout; exit code 0 is success.</summary>
internal sealed class ReloadCommand(string command, TimeSpan timeout)
{
    private const int MaxOutputChars = 1024;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(command);

    /// <summary>True with a short detail when the command exited 0 in time.</summary>
    public async Task<(bool Ok, string Detail)> RunAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return (false, $"'{command}' did not finish within {timeout.TotalSeconds} s and was killed");
        }
        var text = Tail(output);
        return process.ExitCode == 0
            ? (true, $"'{command}' exited 0")
            : (false, $"'{command}' exited {process.ExitCode}{(text.Length > 0 ? ": " + text : "")}");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Append(line.Trim()).Append(' ');
            if (output.Length > MaxOutputChars)
            {
                output.Remove(0, output.Length - MaxOutputChars);
            }
        }
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }
}
