using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;


namespace LbAcme.LocalEnvironment;

/// <summary>
/// Three LB hosts in network namespaces on one bridge, IPv6 first as in the reference design (LBs
/// 2001:db8::f001-f003, VIPs 2001:db8::1-3) plus IPv4 VIPs 198.51.100.1-3 on the same run. Each LB runs
/// keepalived with the configuration `lb-sidecar render keepalived` produces and an lb-sidecar on [::]:80;
/// the test's own namespace joins the bridge as 2001:db8::fffe / 198.51.100.254 and runs Azurite and Pebble.
/// Only documentation-prefix addresses inside namespaces this fixture created are ever used: the fixture refuses to
/// start when a prefix overlaps an address of this machine, and puts unreachable routes for both prefixes in the
/// test's namespace, so if the bridge link is ever missing nothing for them leaves through the default route.
/// </summary>
public sealed class NetnsFleet : ILocalFleet
{
    public const string ServiceName = "svc.lbacme.example";
    private const string Prefix = "lbacmef";
    private const string RootLink = "lbacmef-root";
    private const string RootV4 = "198.51.100.254";
    private const string RootV6 = "2001:db8::fffe";
    private readonly List<ManagedProcess> _keepalived = [];
    private readonly List<ManagedProcess> _sidecars = [];
    private readonly List<HaProxyFixture> _haproxies = [];
    private readonly string _scratch = TestTools.NewScratchDirectory("netns");

    private NetnsFleet()
    {
    }

    public static IReadOnlyList<string> LbAddresses { get; } = ["2001:db8::f001", "2001:db8::f002", "2001:db8::f003"];

    public static IReadOnlyList<string> Vips { get; } = ["2001:db8::1", "2001:db8::2", "2001:db8::3", "198.51.100.1", "198.51.100.2", "198.51.100.3"];

    public AzuriteFixture Azurite { get; private set; } = null!;

    public PebbleFixture Pebble { get; private set; } = null!;

    public string ConfigPath => Path.Combine(_scratch, "fleet.json");

    public IReadOnlyList<string> LbNames => Enumerable.Range(0, LbAddresses.Count).Select(i => $"lb{i}").ToList();

    public BlobContainerClient CertificateContainer => new(Azurite.ConnectionString, "certificates");

    public async Task<Dictionary<string, string>> ApplyRoundRobinDnsAsync(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var v6 = Vips.Where(v => v.Contains(':', StringComparison.Ordinal)).ToList();
        var homes = Homes();
        var plan = new Dictionary<string, string> { [ServiceName] = v6[random.Next(v6.Count)] };
        foreach (var lb in LbNames)
        {
            // Never the VIP this LB is home for, so the validation lands on another LB and needs the fan-out.
            var elsewhere = v6.Where(v => $"lb{homes[v]}" != lb).ToList();
            plan[$"{lb}.{ServiceName}"] = elsewhere[random.Next(elsewhere.Count)];
        }
        foreach (var (host, vip) in plan)
        {
            await Pebble.ClearAddressRecordsAsync(host);
            await Pebble.SetAaaaRecordsAsync(host, vip);
        }
        return plan.ToDictionary(p => p.Key, p => $"{p.Value} (lb{homes[p.Value]})");
    }

    public static string Namespace(int lb) => $"{Prefix}-lb{lb}";

    public IReadOnlyList<ManagedProcess> Keepalived => _keepalived;

    /// <summary>The TLS port every LB's HAProxy listens on, on all of its addresses (own and VIPs).</summary>
    public const int HttpsPort = 443;

    /// <summary>Where <paramref name="lb"/>'s HAProxy answers on the LB's own address.</summary>
    public IPEndPoint? TlsEndpoint(string lb) => new(IPAddress.Parse(LbAddresses[int.Parse(lb[2..], CultureInfo.InvariantCulture)]), HttpsPort);

    /// <summary>Every sidecar's recent output, for failure messages.</summary>
    public string SidecarOutput => string.Join("\n", _sidecars.Select(s => $"--- {s.Name}\n{s.Output}"));

    /// <summary>PID of keepalived's VRRP child in <paramref name="lb"/>'s namespace, from its pid file.</summary>
    public int VrrpChildPid(int lb) =>
        int.Parse(File.ReadAllText(Path.Combine(_scratch, $"keepalived-lb{lb}-vrrp.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<NetnsFleet> StartAsync()
    {
        await SweepAsync();
        var fleet = new NetnsFleet();
        try
        {
            await BuildNetworkAsync();
            fleet.Azurite = await AzuriteFixture.StartAsync(RootV4, withQueue: true);
            await new BlobContainerClient(fleet.Azurite.ConnectionString, "lb-acme").CreateIfNotExistsAsync();
            await new BlobContainerClient(fleet.Azurite.ConnectionString, "certificates").CreateIfNotExistsAsync();
            fleet.Pebble = await PebbleFixture.StartAsync(new PebbleOptions { ValidationHttpPort = 80, ResolveTo = string.Empty });
            await fleet.Pebble.WriteIssuingRootsAsync(fleet.TrustedRootsPath);
            await File.WriteAllTextAsync(fleet.ConfigPath, JsonSerializer.Serialize(fleet.Configuration()));
            await File.WriteAllTextAsync(Path.Combine(fleet._scratch, "vrrp-pass"), "lbtest01\n");
            for (var i = 0; i < LbAddresses.Count; i++)
            {
                await fleet.StartKeepalivedAsync(i);
                await fleet.StartSidecarAsync(i);
            }
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The namespaces holding <paramref name="vip"/> on eth0 right now.</summary>
    public static async Task<List<int>> HoldersAsync(string vip)
    {
        var holders = new List<int>();
        var suffix = vip.Contains(':', StringComparison.Ordinal) ? "/128" : "/32";
        for (var i = 0; i < LbAddresses.Count; i++)
        {
            var (code, output) = await Shell.TryRunAsync("ip", "-n", Namespace(i), "-o", "addr", "show", "dev", "eth0");
            if (code == 0 && output.Contains($" {vip}{suffix} ", StringComparison.Ordinal))
            {
                holders.Add(i);
            }
        }
        return holders;
    }

    /// <summary>
    /// Where each VIP lives once the election settles, as lb-sidecar/README.md documents the rendered priorities
    /// for a fleet without Fleet:Keepalived:Rotation: VIP j on LB j mod N, failing over to LB j + 1 mod N.
    /// </summary>
    public static Dictionary<string, int> Homes() =>
        Vips.Select((vip, j) => (vip, lb: j % LbAddresses.Count)).ToDictionary(h => h.vip, h => h.lb);

    /// <summary>Waits until every VIP is held by exactly the expected LB.</summary>
    public static async Task WaitForHoldersAsync(IReadOnlyDictionary<string, int> expected, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var wrong = new List<string>();
            foreach (var (vip, lb) in expected)
            {
                var holders = await HoldersAsync(vip);
                if (holders.Count != 1 || holders[0] != lb)
                {
                    wrong.Add($"{vip} on [{string.Join(',', holders)}], expected lb{lb}");
                }
            }
            if (wrong.Count == 0)
            {
                return;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("VIPs did not return: " + string.Join("; ", wrong));
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The engine's settings for this fleet: the store on the bridge, the CA trusted, validation on port 80, HAProxy on 443.</summary>
    public Dictionary<string, string?> EngineSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fleet:Names:0"] = ServiceName,
            ["Fleet:AcmeDirectoryUrl"] = Pebble.DirectoryUrl.ToString(),
            ["Engine:AcmeTrustedRootPath"] = WritePebbleRoot(),
            ["Fleet:TrustedRoots:Path"] = TrustedRootsPath,
            ["Fleet:HaProxy:Service:HttpsPort"] = HttpsPort.ToString(CultureInfo.InvariantCulture),
            ["Engine:PublicHttpPort"] = "80",
            ["Engine:SelfTestDeadline"] = "00:00:20",
            ["Engine:LockLease"] = "00:00:15",
            ["Store:ConnectionString"] = Azurite.ConnectionString,
            ["Store:Container"] = "lb-acme",
            ["RenewalQueue"] = Azurite.ConnectionString,
            ["RenewalSchedule"] = "0 17 * * * *",
        };
        for (var i = 0; i < Vips.Count; i++)
        {
            settings[$"Fleet:Vips:{i}"] = Vips[i];
        }
        for (var i = 0; i < LbAddresses.Count; i++)
        {
            settings[$"Fleet:LoadBalancers:{i}:Name"] = $"lb{i}";
            settings[$"Fleet:LoadBalancers:{i}:Address"] = LbAddresses[i];
            settings[$"Fleet:LoadBalancers:{i}:ExtraName"] = $"lb{i}.{ServiceName}";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    private string WritePebbleRoot()
    {
        var path = Path.Combine(_scratch, "pebble-ca.pem");
        File.WriteAllText(path, Pebble.Pki.Ca.ExportCertificatePem());
        return path;
    }

    /// <summary>Pebble's roots, the fleet's <c>Fleet:TrustedRoots:Path</c>.</summary>
    private string TrustedRootsPath => Path.Combine(_scratch, "pebble-roots.pem");

    private object Configuration() => new
    {
        Fleet = new
        {
            Names = new[] { ServiceName },
            AcmeDirectoryUrl = Pebble.DirectoryUrl,
            TrustedRoots = new { Path = TrustedRootsPath },
            Vips,
            LoadBalancers = LbAddresses.Select((address, i) => new { Name = $"lb{i}", Address = address, ExtraName = $"lb{i}.{ServiceName}" }),
            Keepalived = new
            {
                Interface = "eth0",
                AuthPassFile = Path.Combine(_scratch, "vrrp-pass"),
                HaProxyCheckScript = Path.Combine(TestTools.RepoRoot, "infra", "packaging", "keepalived-haproxy-check"),
            },
        },
        Sidecar = new
        {
            Store = new { ConnectionString = Azurite.ConnectionString, Container = "lb-acme" },
            StorePollInterval = "00:00:00.500",
            MetricsEndpoint = string.Empty,
        },
    };

    /// <summary>Renders this LB's keepalived.conf with the real renderer and runs keepalived (VRRP only) in its namespace.</summary>
    public async Task StartKeepalivedAsync(int lb)
    {
        var configPath = Path.Combine(_scratch, $"keepalived-lb{lb}.conf");
        // Each LB's HAProxy has its own socket, which the rendered track_script asks.
        var render = await Shell.TryRunAsync(SidecarBinary.FileName, SidecarBinary.Arguments("render", "keepalived", "--lb", $"lb{lb}", "--config", ConfigPath, "--out", configPath,
            $"--Fleet:HaProxy:RuntimeSocket={Feed(lb).SocketPath}"));
        if (render.Code != 0)
        {
            throw new InvalidOperationException($"lb-sidecar render keepalived failed: {render.Output}");
        }
        var pid = Path.Combine(_scratch, $"keepalived-lb{lb}");
        var process = ManagedProcess.Start($"keepalived lb{lb}", "ip",
            ["netns", "exec", Namespace(lb), "keepalived", "--dont-fork", "--log-console", "--vrrp", "-f", configPath, "-p", pid + ".pid", "-r", pid + "-vrrp.pid"]);
        _keepalived.RemoveAll(k => k.Name == process.Name);
        _keepalived.Insert(Math.Min(lb, _keepalived.Count), process);
        await Task.Delay(200);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"keepalived lb{lb} exited: {process.Output}");
        }
    }

    /// <summary>PID of the HAProxy in <paramref name="lb"/>'s namespace.</summary>
    public int HaProxyPid(int lb) => _haproxies[lb].ProcessId;

    /// <summary>Starts <paramref name="lb"/>'s HAProxy again (after a test killed it) on the PEM its sidecar keeps.</summary>
    public async Task RestartHaProxyAsync(int lb)
    {
        await _haproxies[lb].DisposeAsync();
        _haproxies[lb] = await StartHaProxyAsync(lb);
    }

    private HaProxyFeed Feed(int lb) => HaProxyFeed.Create(Path.Combine(_scratch, $"haproxy{lb}"));

    private Task<HaProxyFixture> StartHaProxyAsync(int lb) =>
        HaProxyFixture.StartInNamespaceAsync(Feed(lb).Directory, Feed(lb).PemPath, Namespace(lb), IPAddress.Parse(LbAddresses[lb]), HttpsPort);

    /// <summary>The LB's sidecar (challenges, and certificate sync into HAProxy), then HAProxy on its bootstrap certificate.</summary>
    private async Task StartSidecarAsync(int lb)
    {
        var feed = Feed(lb);
        var process = ManagedProcess.Start($"lb-sidecar lb{lb}", "ip",
            ["netns", "exec", Namespace(lb), SidecarBinary.FileName, .. SidecarBinary.Arguments("run", "--config", ConfigPath),
             $"--Sidecar:LoadBalancer=lb{lb}", "--Sidecar:ListenAddress=::", $"--Sidecar:Webroot={Directory.CreateDirectory(Path.Combine(_scratch, $"webroot{lb}")).FullName}",
             .. feed.SidecarArguments],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" });
        _sidecars.Add(process);
        var endpoint = new IPEndPoint(IPAddress.Parse(LbAddresses[lb]), 80);
        await process.WaitUntilAsync(() => FreePort.IsListeningAsync(endpoint), TimeSpan.FromSeconds(40), "port 80");
        await feed.WaitForBootstrapAsync(() => process.Output, TimeSpan.FromSeconds(15));
        _haproxies.Add(await StartHaProxyAsync(lb));
    }

    private static async Task BuildNetworkAsync()
    {
        await GuardAsync();
        var hub = $"{Prefix}-hub";
        await Shell.RunAsync("ip", "netns", "add", hub);
        await Shell.RunAsync("ip", "-n", hub, "link", "add", "br0", "type", "bridge");
        await Shell.RunAsync("ip", "-n", hub, "link", "set", "br0", "up");
        for (var i = 0; i < LbAddresses.Count; i++)
        {
            var ns = Namespace(i);
            await Shell.RunAsync("ip", "netns", "add", ns);
            await Shell.RunAsync("ip", "link", "add", $"{Prefix}{i}a", "type", "veth", "peer", "name", $"{Prefix}{i}b");
            await Shell.RunAsync("ip", "link", "set", $"{Prefix}{i}a", "netns", ns);
            await Shell.RunAsync("ip", "-n", ns, "link", "set", $"{Prefix}{i}a", "name", "eth0");
            await Shell.RunAsync("ip", "link", "set", $"{Prefix}{i}b", "netns", hub);
            await Shell.RunAsync("ip", "-n", hub, "link", "set", $"{Prefix}{i}b", "master", "br0", "up");
            await Shell.RunAsync("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            await Shell.RunAsync("ip", "-n", ns, "link", "set", "lo", "up");
            await Shell.RunAsync("ip", "-n", ns, "link", "set", "eth0", "up");
            await Shell.RunAsync("ip", "-n", ns, "addr", "add", $"{LbAddresses[i]}/64", "dev", "eth0", "nodad");
            await Shell.RunAsync("ip", "-n", ns, "addr", "add", $"198.51.100.{11 + i}/24", "dev", "eth0");
        }
        await Shell.RunAsync("ip", "link", "add", RootLink, "type", "veth", "peer", "name", $"{Prefix}-rh");
        await Shell.RunAsync("ip", "link", "set", $"{Prefix}-rh", "netns", hub);
        await Shell.RunAsync("ip", "-n", hub, "link", "set", $"{Prefix}-rh", "master", "br0", "up");
        await Shell.RunAsync("ip", "addr", "add", $"{RootV6}/64", "dev", RootLink, "nodad");
        await Shell.RunAsync("ip", "addr", "add", $"{RootV4}/24", "dev", RootLink);
        await Shell.RunAsync("ip", "link", "set", RootLink, "up");
    }

    /// <summary>
    /// Refuses prefixes this machine already uses (its real network must never see test traffic), then routes
    /// both test prefixes to "unreachable" here; the bridge link's connected routes are more specific or win on metric.
    /// </summary>
    private static async Task GuardAsync()
    {
        var addresses = await Shell.RunAsync("ip", "-o", "addr", "show");
        foreach (var prefix in new[] { " 2001:db8:", " 198.51.100." })
        {
            if (addresses.Contains(" inet" + (prefix.Contains(':', StringComparison.Ordinal) ? "6" : string.Empty) + prefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"This machine already has an address in{prefix}; the failover fleet will not share a network with it.");
            }
        }
        await Shell.RunAsync("ip", "-6", "route", "replace", "unreachable", "2001:db8::/32", "metric", "4000");
        await Shell.RunAsync("ip", "-4", "route", "replace", "unreachable", "198.51.100.0/24", "metric", "4000");
    }

    /// <summary>Removes what an earlier, killed run of this fixture may have left.</summary>
    private static async Task SweepAsync()
    {
        var (_, list) = await Shell.TryRunAsync("ip", "netns", "list");
        foreach (var name in list.Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(Prefix + "-", StringComparison.Ordinal)))
        {
            await Shell.TryRunAsync("ip", "netns", "del", name);
        }
        await Shell.TryRunAsync("ip", "link", "del", RootLink);
        // A build that failed between creating an LB's veth pair and moving it leaves the pair here; one end takes both.
        for (var i = 0; i < LbAddresses.Count; i++)
        {
            await Shell.TryRunAsync("ip", "link", "del", $"{Prefix}{i}a");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var haproxy in _haproxies)
        {
            await haproxy.DisposeAsync();
        }
        foreach (var process in _sidecars.Concat(_keepalived))
        {
            await process.DisposeAsync();
        }
        if (Pebble is not null)
        {
            await Pebble.DisposeAsync();
        }
        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
        await SweepAsync();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // Scratch under /tmp.
        }
    }

    public static string Format(TimeSpan t) => t.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
