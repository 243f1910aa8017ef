using LbAcme.LocalEnvironment;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>What a sidecar wrote, read from the tail its <see cref="SidecarProcess"/> keeps (the last 64 KiB).</summary>
internal static class SidecarLog
{
    /// <summary>Lines at warning level or above (the console logger's "warn:", "fail:" and "crit:").</summary>
    public static int WarningLines(SidecarProcess sidecar) =>
        Lines(sidecar).Count(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal));

    /// <summary>Lines that belong to a stack trace or name an exception: what a client error must never produce.</summary>
    public static IReadOnlyList<string> ExceptionLines(SidecarProcess sidecar) =>
        [.. Lines(sidecar).Where(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal))];

    public static string[] Lines(SidecarProcess sidecar) => sidecar.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
