namespace LbAcme.Infra.Tests.Packaging;

/// <summary>
/// What installing the package changes on the machine outside dpkg's own records, captured before and put back
/// after: the service user and group (the package keeps them on purge, as Debian does), their haproxy membership,
/// the non-local-bind sysctls postinst applies, and directories postinst or the test creates.
/// </summary>
public sealed class MachineState
{
    private static readonly string[] Directories = ["/var/lib/acme", "/run/acme", "/etc/lb-acme", "/run/systemd"];

    private string _user = "";
    private bool _userExisted;
    private bool _groupExisted;
    private bool _inHaProxy;
    private Dictionary<string, string> _sysctls = [];
    private string[] _missingDirectories = [];

    public bool HaProxyGroupExists { get; private set; }

    public static async Task<MachineState> CaptureAsync(string user, string[] sysctls)
    {
        var state = new MachineState
        {
            _user = user,
            _userExisted = (await Shell.TryRunAsync("getent", "passwd", user)).Code == 0,
            _groupExisted = (await Shell.TryRunAsync("getent", "group", user)).Code == 0,
            HaProxyGroupExists = (await Shell.TryRunAsync("getent", "group", "haproxy")).Code == 0,
            _sysctls = sysctls.Where(File.Exists).ToDictionary(p => p, File.ReadAllText),
            _missingDirectories = [.. Directories.Where(d => !Directory.Exists(d))],
        };
        state._inHaProxy = state._userExisted && (await Shell.RunAsync("id", "-nG", user)).Split(' ', StringSplitOptions.TrimEntries).Contains("haproxy");
        // FakeSystemd mounts over /run/systemd, which a machine without systemd may not have.
        Directory.CreateDirectory("/run/systemd");
        return state;
    }

    public async Task RestoreAsync()
    {
        if (!_userExisted)
        {
            await Shell.TryRunAsync("deluser", "--quiet", "--system", _user);
        }
        else if (!_inHaProxy && HaProxyGroupExists)
        {
            await Shell.TryRunAsync("deluser", "--quiet", _user, "haproxy");
        }
        if (!_groupExisted)
        {
            await Shell.TryRunAsync("delgroup", "--quiet", "--system", _user);
        }
        // Only a changed value is written back: where /proc/sys is read-only, postinst could not change it either.
        foreach (var (path, value) in _sysctls.Where(s => File.ReadAllText(s.Key) != s.Value))
        {
            await File.WriteAllTextAsync(path, value);
        }
        foreach (var directory in _missingDirectories.Where(Directory.Exists))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
