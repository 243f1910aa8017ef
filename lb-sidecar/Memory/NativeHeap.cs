using System.Runtime.InteropServices;

namespace LbAcme.Sidecar.Memory;

/// <summary>
/// glibc's malloc keeps freed memory of its per-thread arenas resident; malloc_trim gives the free pages of every
/// arena back. Native AOT's runtime allocates per-connection bookkeeping there, so a flood of connections leaves
/// tens of MB behind that no GC can return.
/// </summary>
internal static partial class NativeHeap
{
    /// <summary>Returns free native heap pages to the system; false where there is no glibc malloc_trim (musl).</summary>
    public static bool Trim()
    {
        try
        {
            _ = MallocTrim(0); // 1 when memory was released, 0 when there was none to release: both fine
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
