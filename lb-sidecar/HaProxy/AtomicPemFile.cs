namespace LbAcme.Sidecar.HaProxy;

/// <summary>
/// The PEM HAProxy loads, replaced atomically: a temp file in the same directory (mode 0600, optionally chowned),
/// fsync, rename over the target, fsync the directory. A crash at any point leaves either the old or the new
/// file, never a torn one. The replaced file is kept as "{path}.previous" for rollback.
/// </summary>
internal sealed class AtomicPemFile(string path, FileOwner? owner)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public string Path { get; } = path;

    public string PreviousPath => Path + ".previous";

    public string? ReadCurrent() => File.Exists(Path) ? File.ReadAllText(Path) : null;

    /// <summary>Replaces the file with <paramref name="pem"/>, keeping what was there as <see cref="PreviousPath"/>.</summary>
    public void Replace(string pem)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Writing HAProxy's PEM needs POSIX modes, chown and directory fsync.");
        }
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }
        if (File.Exists(Path))
        {
            WriteDurably(PreviousPath, File.ReadAllBytes(Path));
        }
        WriteDurably(Path, System.Text.Encoding.ASCII.GetBytes(pem));
    }

    /// <summary>Puts <see cref="PreviousPath"/> back; false when there is none.</summary>
    public bool RestorePrevious()
    {
        if (!File.Exists(PreviousPath))
        {
            return false;
        }
        WriteDurably(Path, File.ReadAllBytes(PreviousPath));
        return true;
    }

    private void WriteDurably(string target, byte[] content)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Writing HAProxy's PEM needs POSIX modes, chown and directory fsync.");
        }
        var directory = System.IO.Path.GetDirectoryName(target)!;
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temp, OwnerOnly); // independent of the umask
            var ownerError = "";
            if (owner is not null && !Posix.TryChangeOwner(temp, owner, out ownerError) && File.Exists(target))
            {
                throw new IOException($"{ownerError}; {target} is left as it was");
            }
            File.Move(temp, target, overwrite: true); // rename(2): atomic within one directory
            Posix.FsyncDirectory(directory);
            if (ownerError.Length > 0)
            {
                // Nothing was there: a root-owned PEM still lets an HAProxy that reads certificates before dropping
                // privileges (Debian's) start and serve; no file at all would stop it. The failure is still reported.
                throw new IOException($"{ownerError}; {target} did not exist, so it was written owned by the sidecar's user");
            }
        }
        catch
        {
            File.Delete(temp); // nothing when the rename already happened
            throw;
        }
    }
}
