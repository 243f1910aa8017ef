using System.Runtime.InteropServices;

namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// The libc calls .NET does not expose: fsync on a directory (File APIs refuse to open directories, and without
/// it a rename can be lost in a crash), chown and the effective ids.
/// </summary>
internal static partial class Posix
{
    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on x86-64 and arm64

    /// <summary>O_DIRECTORY: 0x10000 on x86-64, 0x4000 on arm64.</summary>
    private static readonly int Directory = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000;

    /// <summary>Makes a rename or create in <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = Open(directory, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"open({directory}) for fsync failed: errno {Marshal.GetLastPInvokeError()}");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>chown(2); the error as a sentence when it fails (EPERM without CAP_CHOWN, or a file system that refuses it).</summary>
    public static bool TryChangeOwner(string path, FileOwner owner, out string error)
    {
        if (Chown(path, owner.UserId, owner.GroupId) != 0)
        {
            error = $"chown({path}, {owner.UserId}:{owner.GroupId}) failed: errno {Marshal.GetLastPInvokeError()}";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>The process's effective user and group ids.</summary>
    public static (uint Uid, uint Gid) EffectiveIds() => (GetEffectiveUserId(), GetEffectiveGroupId());

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroupId();

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);
}
