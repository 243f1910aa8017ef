using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A child process a test started: output kept (bounded) for failure messages, and killed with its
/// whole tree on dispose or, as a last resort, when the test host exits. No leaked servers.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 64 * 1024;
    private static readonly ConcurrentDictionary<int, Process> Live = new();
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private long _outputBytes;
    private bool _disposed;

    static ManagedProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Live.Values)
            {
                TryKill(p);
            }
        };
    }

    private ManagedProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last 64 KiB of stdout and stderr, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>UTF-8 bytes of every output line so far (newlines included), though only the last 64 KiB are kept: how much a process logs.</summary>
    public long OutputBytes => Interlocked.Read(ref _outputBytes);

    public static ManagedProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = RedirectedStart.Info(fileName, arguments, environment, workingDirectory);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(name, process);
        process.OutputDataReceived += (_, e) => managed.Append(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: {fileName} did not start.");
        }
        Live[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Waits until <paramref name="ready"/> holds, failing fast (with the output) if the process dies first.</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout, string what)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before {what}. Output:\n{Output}");
            }
            if (await ready())
            {
                return;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name}: no {what} within {timeout.TotalSeconds} s. Output:\n{Output}");
    }

    /// <summary>
    /// Waits until the process itself holds every one of <paramref name="listeners"/>. False, with the process
    /// stopped, when another program took one of its ports first (it said "address already in use", or exited
    /// saying so), or when it still did not listen after <paramref name="timeout"/> (a start stalled while the
    /// whole suite starts its servers at once): the caller starts it again on fresh ports.
    /// </summary>
    public async Task<bool> WaitForListenersAsync(IReadOnlyCollection<Listener> listeners, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(); // the last output lines, which say why
                return PortTaken ? false : throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before listening. Output:\n{Output}");
            }
            if (PortTaken)
            {
                await StopAsync();
                return false;
            }
            if (listeners.All(l => l.IsHeldBy(_process.Id)))
            {
                return true;
            }
            await Task.Delay(50);
        }
        Console.Error.WriteLine($"{Name}: not listening on {string.Join(", ", listeners.Select(l => $"{l.Protocol} {l.Endpoint}"))} within {timeout.TotalSeconds} s; starting it again. Output:\n{Output}");
        await StopAsync();
        return false;
    }

    /// <summary>Go, Node, HAProxy and Kestrel all say one of these when a bind finds its port taken.</summary>
    private bool PortTaken =>
        Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || Output.Contains("EADDRINUSE", StringComparison.Ordinal);

    /// <summary>Waits for the process to end by itself; its exit code, or null if it is still running at the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async Task StopAsync()
    {
        if (_disposed)
        {
            return;
        }
        Live.TryRemove(_process.Id, out _);
        TryKill(_process);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Nothing more we can do; the ProcessExit hook has one more go.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        await StopAsync();
        _disposed = true;
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        Interlocked.Add(ref _outputBytes, Encoding.UTF8.GetByteCount(line) + 1);
        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, _output.Length - MaxOutputChars);
            }
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
