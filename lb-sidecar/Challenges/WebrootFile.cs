using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace LbAcme.Sidecar.Challenges;

/// <summary>What reading one webroot entry found.</summary>
internal enum WebrootReadOutcome
{
    Read,
    Missing,
    /// <summary>A symlink, FIFO, socket, device or directory: never opened for reading, never followed.</summary>
    NotRegularFile,
    TooLarge,
    Unreadable,
}

internal readonly record struct WebrootRead(WebrootReadOutcome Outcome, byte[]? Content = null, long Length = 0, string? Error = null);

/// <summary>
/// Reads a webroot entry as a root daemon facing the internet must: a symlink is refused rather than followed
/// (O_NOFOLLOW; a link named like a token could otherwise serve any file on the LB, its private key included),
/// opening never waits (O_NONBLOCK; a FIFO would otherwise wait for a writer forever), and only a regular file of
/// at most the given size is read. Tokens carry no '/', so the webroot directory is the only other path component.
/// </summary>
internal static unsafe partial class WebrootFile
{
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800; // O_NONBLOCK on x86-64 and arm64
    private const int CloseOnExec = 0x80000; // O_CLOEXEC on x86-64 and arm64
    private const int NoSuchFile = 2; // ENOENT
    private const int TooManyLinks = 40; // ELOOP: what O_NOFOLLOW answers for a symlink
    private const int NoDevice = 6; // ENXIO: a UNIX socket
    private const int EmptyPath = 0x1000; // AT_EMPTY_PATH
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int StatxModeOffset = 0x1C; // struct statx has one layout on every architecture
    private const int StatxSizeOffset = 0x28;
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularFile = 0x8000; // S_IFREG

    /// <summary>O_NOFOLLOW is the one flag here whose value differs between x86-64 and arm64.</summary>
    private static readonly int NoFollow = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000 : 0x20000;

    public static WebrootRead Read(string path, int maxBytes)
    {
        var fd = Open(path, ReadOnly | NoFollow | NonBlocking | CloseOnExec);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                NoSuchFile => new(WebrootReadOutcome.Missing),
                TooManyLinks or NoDevice => new(WebrootReadOutcome.NotRegularFile),
                var errno => new(WebrootReadOutcome.Unreadable, Error: $"open failed: {Marshal.GetPInvokeErrorMessage(errno)}"),
            };
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = stackalloc byte[256];
        if (Statx(fd, "", EmptyPath, StatxType | StatxSize, status) != 0)
        {
            return new(WebrootReadOutcome.Unreadable, Error: $"statx failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        if ((*(ushort*)(status + StatxModeOffset) & FileTypeMask) != RegularFile)
        {
            return new(WebrootReadOutcome.NotRegularFile);
        }
        var length = *(long*)(status + StatxSizeOffset);
        if (length > maxBytes)
        {
            return new(WebrootReadOutcome.TooLarge, Length: length);
        }
        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return new(WebrootReadOutcome.Read, read == buffer.Length ? buffer : buffer[..read], read);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* status);
}
