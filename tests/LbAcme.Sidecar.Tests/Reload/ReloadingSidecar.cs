using System.Diagnostics;
using System.Text.RegularExpressions;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.Fleet;

namespace LbAcme.Sidecar.Tests.Reload;

/// <summary>
/// One real sidecar (lb0) whose fleet.json a test rewrites between signals, as an operator edits the file before
/// <c>systemctl reload</c>; systemd's side is a <see cref="NotifySocket"/>.
/// </summary>
internal sealed partial class ReloadingSidecar : IAsyncDisposable
{
    private readonly string _directory;

    private ReloadingSidecar(string directory, string configPath, SidecarProcess process, NotifySocket notify)
    {
        _directory = directory;
        ConfigPath = configPath;
        Process = process;
        Notify = notify;
    }

    public string ConfigPath { get; }

    public SidecarProcess Process { get; }

    public NotifySocket Notify { get; }

    public static async Task<ReloadingSidecar> StartAsync(LbSlot self, object sidecar, IReadOnlyDictionary<string, string>? environment = null, params LbSlot[] others)
    {
        var directory = Directory.CreateTempSubdirectory("lbacme-reload-").FullName;
        var notify = new NotifySocket();
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            [Lifecycle.SystemdNotifier.SocketVariable] = notify.Path,
        };
        var configPath = FleetConfig.Write(directory, [self, .. others], sidecar);
        var process = await SidecarProcess.StartAsync(self.Name, configPath, self.Address, self.HttpPort, self.PeerPort, [], variables);
        return new ReloadingSidecar(directory, configPath, process, notify);
    }

    /// <summary>Rewrites the fleet.json the sidecar was started with.</summary>
    public void Rewrite(IEnumerable<LbSlot> slots, object sidecar) => FleetConfig.Write(_directory, slots, sidecar);

    /// <summary>Replaces the fleet.json with <paramref name="text"/> as is (a broken file).</summary>
    public Task RewriteRawAsync(string text) => File.WriteAllTextAsync(ConfigPath, text);

    /// <summary>Sends <paramref name="signal"/> (HUP, TERM) the way systemd's ExecReload and stop do.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-" + signal, Process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            ?? throw new InvalidOperationException("kill did not start");
        await kill.WaitForExitAsync();
    }

    /// <summary>
    /// SIGHUP, then waits until the sidecar says how it went: a line "Reloaded" or "Reload refused" it had not written
    /// before, or its exit (the old daemon had no reload; SIGHUP ended it). True when it is still running.
    /// </summary>
    public async Task<bool> ReloadAsync()
    {
        var before = Outcomes();
        await SignalAsync("HUP");
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Outcomes() == before && !Process.HasExited && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }
        return !Process.HasExited && Outcomes() > before;
    }

    /// <summary>Reload outcomes logged so far (the log keeps the last 64 KiB; these tests log far less).</summary>
    public int Outcomes() => OutcomeLine().Count(Process.Output);

    [GeneratedRegex("Reloaded: configuration|Reload refused")]
    private static partial Regex OutcomeLine();

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        await Notify.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public static LbSlot Slot(string name, string address) => FleetConfig.Slot(name, address);
}
