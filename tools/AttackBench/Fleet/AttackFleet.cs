using System.Net;
using System.Text.Json;
using LbAcme.LocalEnvironment;

namespace LbAcme.AttackBench.Fleet;

/// <summary>
/// Three lb-sidecar processes (the binary <see cref="SidecarBinary"/> names) on 127.{p}.200.1-3, each with its own
/// webroot holding one token (<see cref="FleetTokens.HeldBy"/>), no store, and the peer allow-list set to the three
/// LB addresses only. An LB can be stopped (its ports then free for a fake peer) and started again.
/// </summary>
internal sealed class AttackFleet : IAsyncDisposable
{
    public const int Size = 3;
    public const string ServiceName = "svc.attack.example";
    private readonly SidecarProcess?[] _sidecars = new SidecarProcess?[Size];
    private readonly string _scratch;
    private long _retiredLogBytes;

    private AttackFleet(string scratch, IReadOnlyList<IPAddress> addresses, int httpPort, int peerPort)
    {
        _scratch = scratch;
        Addresses = addresses;
        HttpPort = httpPort;
        PeerPort = peerPort;
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public int HttpPort { get; }

    public int PeerPort { get; }

    private string ConfigPath => Path.Combine(_scratch, "fleet.json");

    public IPEndPoint Public(int index) => new(Addresses[index], HttpPort);

    public IPEndPoint Peer(int index) => new(Addresses[index], PeerPort);

    public static Task<AttackFleet> StartAsync()
    {
        var addresses = Enumerable.Range(1, Size).Select(i => IPAddress.Parse($"127.{LocalFleet.ProcessOctet}.200.{i}")).ToList();
        return PortRetry.StartAsync("attack fleet", () => TryStartAsync(addresses));
    }

    private static async Task<AttackFleet?> TryStartAsync(List<IPAddress> addresses)
    {
        var fleet = new AttackFleet(TestTools.NewScratchDirectory("attack"), addresses, FreePort.Next(addresses[0]), FreePort.Next(addresses[0]));
        try
        {
            await File.WriteAllTextAsync(fleet.ConfigPath, JsonSerializer.Serialize(fleet.Configuration()));
            for (var i = 0; i < Size; i++)
            {
                var webroot = Directory.CreateDirectory(fleet.Webroot(i)).FullName;
                var token = FleetTokens.HeldBy(i);
                await File.WriteAllTextAsync(Path.Combine(webroot, token), FleetTokens.KeyAuthorization(token));
                if (!await fleet.TryStartAsync(i))
                {
                    await fleet.DisposeAsync();
                    return null;
                }
            }
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops LB <paramref name="index"/>'s sidecar; its public and peer ports are free until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync(int index)
    {
        if (_sidecars[index] is { } sidecar)
        {
            _sidecars[index] = null;
            await sidecar.DisposeAsync();
            Interlocked.Add(ref _retiredLogBytes, sidecar.OutputBytes);
        }
    }

    public async Task RestartAsync(int index)
    {
        if (!await TryStartAsync(index))
        {
            throw new InvalidOperationException($"lb{index}: another program took {Addresses[index]} port {HttpPort} or {PeerPort} while it was stopped.");
        }
    }

    /// <summary>The largest VmRSS among the running sidecars, in MB.</summary>
    public double MaxRssMb() => _sidecars.OfType<SidecarProcess>().Select(s => ProcessMemory.RssMb(s.ProcessId)).DefaultIfEmpty(0).Max();

    /// <summary>Bytes logged by every sidecar this fleet ran, stopped ones included.</summary>
    public long LogBytes() => Interlocked.Read(ref _retiredLogBytes) + _sidecars.OfType<SidecarProcess>().Sum(s => s.OutputBytes);

    /// <summary>The last lines of each running sidecar's output, for a run that went wrong.</summary>
    public string Tails() => string.Join('\n', _sidecars.OfType<SidecarProcess>().Select(s => $"--- {s.Name}\n{Tail(s.Output)}"));

    private static string Tail(string output) => output.Length > 2000 ? output[^2000..] : output;

    private string Webroot(int index) => Path.Combine(_scratch, $"webroot-lb{index}");

    private async Task<bool> TryStartAsync(int index)
    {
        var sidecar = await SidecarProcess.TryStartAsync($"lb{index}", ConfigPath, Addresses[index], HttpPort, PeerPort, [$"--Sidecar:Webroot={Webroot(index)}"]);
        _sidecars[index] = sidecar;
        return sidecar is not null;
    }

    /// <summary>The product's defaults except the peer allow-list, which leaves out loopback so attackers on 127.66/16 are outsiders.</summary>
    private object Configuration() => new
    {
        Fleet = new
        {
            Names = new[] { ServiceName },
            AcmeDirectoryUrl = "https://acme-staging-v02.api.letsencrypt.org/directory",
            LoadBalancers = Enumerable.Range(0, Size).Select(i => new
            {
                Name = $"lb{i}",
                Address = Addresses[i].ToString(),
                HttpPort,
                PeerPort,
            }),
        },
        Sidecar = new
        {
            Peers = new { AllowedNetworks = Addresses.Select(a => a.ToString()).ToArray() },
        },
    };

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < Size; i++)
        {
            await StopAsync(i);
        }
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }
}
