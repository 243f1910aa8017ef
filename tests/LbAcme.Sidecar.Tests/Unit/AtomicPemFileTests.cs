using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.HaProxy;
using Xunit;

namespace LbAcme.Sidecar.Tests.Unit;

/// <summary>The PEM HAProxy loads is replaced whole, private to its owner, with the previous one kept for rollback.</summary>
public sealed class AtomicPemFileTests : IDisposable
{
    private readonly string _directory = TestTools.NewScratchDirectory("atomic-pem");

    [Fact]
    public void Replacing_creates_the_directory_writes_mode_0600_keeps_the_previous_and_leaves_no_temp_files()
    {
        var path = Path.Combine(_directory, "live", "svc.example.test", "haproxy");
        var file = new AtomicPemFile(path, owner: null);

        file.Replace("first\n");
        file.Replace("second\n");

        Assert.Equal("second\n", File.ReadAllText(path));
        Assert.Equal("first\n", File.ReadAllText(file.PreviousPath));
        Assert.Equal(["haproxy", "haproxy.previous"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file.PreviousPath));
        }
    }

    [Fact]
    public void Restoring_puts_the_previous_file_back()
    {
        var file = new AtomicPemFile(Path.Combine(_directory, "haproxy"), owner: null);
        Assert.False(file.RestorePrevious());
        file.Replace("good\n");
        file.Replace("refused by haproxy\n");

        Assert.True(file.RestorePrevious());

        Assert.Equal("good\n", file.ReadCurrent());
    }

    [Fact]
    public void An_owner_is_applied_when_running_as_root()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return; // chown to another user needs root; the LB runs the sidecar as root or with CAP_CHOWN
        }
        Assert.True(FileOwner.TryResolve("65534:65534", out var owner, out _));
        var path = Path.Combine(_directory, "owned");

        new AtomicPemFile(path, owner).Replace("x\n");

        Assert.Equal("65534:65534", StatOwner(path));
    }

    [Theory]
    [InlineData("root", true)]
    [InlineData("root:root", true)]
    [InlineData("0:0", true)]
    [InlineData("no-such-user-here", false)]
    [InlineData("root:no-such-group", false)]
    [InlineData("a:b:c", false)]
    public void Owners_resolve_from_names_or_numbers(string text, bool ok)
    {
        Assert.Equal(ok, FileOwner.TryResolve(text, out var owner, out var problem));
        Assert.Equal(ok, owner is not null);
        Assert.Equal(ok, problem.Length == 0);
    }

    private static string StatOwner(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true })!;
        var text = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return text;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
