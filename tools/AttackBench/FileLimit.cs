using System.Globalization;

namespace LbAcme.AttackBench;

/// <summary>The open-file limit the attacks and the sidecars (its children) run under; tests/bench/attack.sh raises it.</summary>
internal static class FileLimit
{
    public static void WarnIfBelow(long limit, long needed)
    {
        if (limit < needed)
        {
            Console.Error.WriteLine($"note: open files limited to {limit} here (the sidecars inherit it); attacks hold at most {limit - BenchSettings.ReservedFiles} connections "
                + $"instead of up to {needed - BenchSettings.ReservedFiles} (raise the hard limit, as root with CAP_SYS_RESOURCE, for the full size)");
        }
    }

    /// <summary>The soft RLIMIT_NOFILE from /proc/self/limits, or null when unreadable.</summary>
    public static long? Soft()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }
        return null;
    }
}
