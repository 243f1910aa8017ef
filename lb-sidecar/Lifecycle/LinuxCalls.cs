using System.Runtime.InteropServices;

namespace LbAcme.Sidecar.Lifecycle;

/// <summary>The two libc calls the lifecycle needs that .NET does not expose: a close-on-exec dup and CLOCK_MONOTONIC.</summary>
internal static partial class LinuxCalls
{
    private const int DuplicateCloseOnExec = 1030; // F_DUPFD_CLOEXEC
    private const int ClockMonotonic = 1; // CLOCK_MONOTONIC, the clock systemd's MONOTONIC_USEC is read against

    /// <summary>
    /// A new descriptor for the same open socket. Close-on-exec, so the reload command the certificate sync starts
    /// never inherits :80 (and keeps it bound after this process is gone).
    /// </summary>
    public static int DuplicateCloseOnExecDescriptor(int fd)
    {
        var copy = Fcntl(fd, DuplicateCloseOnExec, 0);
        return copy >= 0 ? copy : throw new IOException($"fcntl(F_DUPFD_CLOEXEC) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    public static void CloseDescriptor(int fd) => _ = Close(fd);

    /// <summary>CLOCK_MONOTONIC in microseconds.</summary>
    public static long MonotonicMicroseconds()
    {
        _ = ClockGetTime(ClockMonotonic, out var now);
        return (now.Seconds * 1_000_000) + (now.Nanoseconds / 1000);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
