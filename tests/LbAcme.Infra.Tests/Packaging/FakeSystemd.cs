namespace LbAcme.Infra.Tests.Packaging;

/// <summary>
/// Runs a command (dpkg) as if systemd were the service manager, on a machine where it is not: in a private mount
/// namespace /run/systemd/system exists (what maintainer scripts test), a policy-rc.d that forbids starting services
/// (containers have one) allows it, and a <c>systemctl</c> first on PATH records every call. Offline queries
/// (is-enabled, preset) go to the real systemctl working on the files (--root=/), so enablement links are real; start, restart, stop and
/// daemon-reload only go to the log. Nothing outside the namespace sees the mounts.
/// </summary>
public sealed class FakeSystemd
{
    private readonly string _directory;

    public FakeSystemd(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        Write(Path.Combine(directory, "bin", "systemctl"), $$"""
            #!/bin/sh
            echo "systemctl $*" >> '{{LogPath}}'
            for argument in "$@"; do
              case "$argument" in
                --root=*) exec /bin/systemctl "$@" ;;
                is-enabled) exec /bin/systemctl --root=/ "$@" ;;
              esac
            done
            exit 0
            """);
        Write(Path.Combine(directory, "policy-rc.d"), "#!/bin/sh\nexit 0\n");
        Write(Path.Combine(directory, "run"), $$"""
            #!/bin/sh
            set -e
            mount -t tmpfs lbacme-fake-systemd /run/systemd
            mkdir /run/systemd/system
            if [ -e /usr/sbin/policy-rc.d ]; then mount --bind '{{directory}}/policy-rc.d' /usr/sbin/policy-rc.d; fi
            PATH='{{directory}}/bin':$PATH
            export PATH
            exec "$@"
            """);
    }

    public string LogPath => Path.Combine(_directory, "systemctl.log");

    /// <summary>The systemctl calls so far, one per line.</summary>
    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public Task<CommandResult> RunAsync(string file, params string[] arguments) =>
        Command.RunAsync("unshare", ["--mount", "--propagation", "private", Path.Combine(_directory, "run"), file, .. arguments], TimeSpan.FromMinutes(3));

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
