using LbAcme.LocalEnvironment;

namespace LbAcme.Sidecar.Tests.Logging;

/// <summary>
/// What a sidecar logs from a moment on. The process keeps only the last 64 KiB of its output, so a window that
/// saw more than that cannot be read line by line; that alone says the sidecar logged far too much.
/// </summary>
internal sealed class LogWindow(SidecarProcess sidecar)
{
    private readonly string _before = sidecar.Output;

    public SidecarProcess Sidecar => sidecar;

    public IReadOnlyList<string> Lines()
    {
        var now = sidecar.Output;
        if (!now.StartsWith(_before, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{sidecar.Name} logged over 64 KiB since the window opened; its last lines:\n{now[^Math.Min(now.Length, 4000)..]}");
        }
        return now[_before.Length..].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public int Count(string text) => Lines().Count(l => l.Contains(text, StringComparison.Ordinal));

    public string Describe() => $"{sidecar.Name} logged:\n{string.Join('\n', Lines())}";
}
