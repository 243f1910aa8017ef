using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A fleet on loopback, all real: Azurite as the shared store, Pebble validating HTTP-01 on the LBs' port,
/// and one lb-sidecar process per LB on 127.{p}.{n}.1-3, where p comes from this process's id: two test runs side by
/// side use different addresses, so only a program listening on every address could take an LB's port (and then the
/// fleet starts again on fresh ports). Every service name resolves to LB0 by default, so LB1's and LB2's validations
/// only succeed through the peer fan-out.
/// </summary>
public sealed class LocalFleet : ILocalFleet
{
    public const string ServiceName = "svc.lbacme.example";
    public const string Container = "lb-acme";
    private static int _subnet = 20;

    /// <summary>The second octet of this process's fleets; never 0, so never one of the fixed 127.0.x.y test addresses.</summary>
    public static readonly int ProcessOctet = 1 + (Environment.ProcessId % 254);
    private readonly List<SidecarProcess> _sidecars = [];
    private readonly List<HaProxyFixture> _haproxies = [];
    private readonly Dictionary<string, string> _pemPaths = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _sidecarArguments = [];
    private readonly Dictionary<string, string> _crtLists = [];
    private readonly List<LocalCertificate> _certificates = [];
    private readonly string _scratch;

    private readonly List<IPAddress> _addresses;

    private LocalFleet(AzuriteFixture azurite, PebbleFixture pebble, string scratch, IReadOnlyList<IPAddress> addresses, int httpPort, int peerPort, int httpsPort)
    {
        Azurite = azurite;
        Pebble = pebble;
        _scratch = scratch;
        _addresses = [.. addresses];
        HttpPort = httpPort;
        PeerPort = peerPort;
        HttpsPort = httpsPort;
    }

    public AzuriteFixture Azurite { get; }

    public PebbleFixture Pebble { get; }

    public IReadOnlyList<IPAddress> Addresses => _addresses;

    public int HttpPort { get; }

    public int PeerPort { get; }

    /// <summary>
    /// The one TLS port every LB's HAProxy listens on, on its own address (Fleet:HaProxy:Service:HttpsPort in the
    /// fleet file and the function's settings), as in production: the served-certificate probe finds them there.
    /// </summary>
    public int HttpsPort { get; }

    public IReadOnlyList<string> LbNames => Enumerable.Range(0, Addresses.Count).Select(i => $"lb{i}").ToList();

    public string ConfigPath => Path.Combine(_scratch, "fleet.json");

    public IReadOnlyList<SidecarProcess> Sidecars => _sidecars;

    /// <summary>Each LB's HAProxy (same order as <see cref="LbNames"/>), when the fleet was started with HAProxy.</summary>
    public IReadOnlyList<HaProxyFixture> HaProxies => _haproxies;

    public bool WithHaProxy { get; private init; }

    public bool FastStorePolling { get; private init; }

    /// <summary>The operator's fleet file this fleet runs, when started from one (<see cref="StartFromFileAsync"/>).</summary>
    public FleetTemplate? Template { get; private init; }

    /// <summary>The name each LB's HAProxy is asked for in a TLS handshake: its own extra name.</summary>
    public string OwnName(string lb) => Template?.OwnName(lb) ?? $"{lb}.{ServiceName}";

    /// <summary>Fleet:Names as written in fleet.json (any spelling the fleet accepts); by default <see cref="ServiceName"/>.</summary>
    public IReadOnlyList<string> Names { get; private init; } = [ServiceName];

    /// <summary>
    /// With <see cref="Names"/> given, the sidecars write the PEM where the product puts it by default
    /// (<c>{CertificateDirectory}/{first name}/haproxy</c>) instead of a path the harness picks.
    /// </summary>
    public bool DefaultPemLayout { get; private init; }

    /// <summary>
    /// The fleet's <c>Fleet:Certificates</c>, when it was started with some (<see cref="StartAsync"/>): every LB's
    /// HAProxy then binds with the crt-list its sidecar keeps, and <see cref="Names"/> is not used. Empty: the
    /// <c>Fleet:Names</c> shorthand.
    /// </summary>
    public IReadOnlyList<LocalCertificate> Certificates => _certificates;

    /// <summary>The store name (certificate blob) of <paramref name="lb"/>'s copy of <paramref name="certificate"/>, with the engine's default prefix.</summary>
    public static string StoreName(string certificate, string lb) => Core.Fleet.FleetCertificates.StoreName("lbacme", certificate, lb);

    /// <summary>The crt-list the LB's HAProxy was started on, when the fleet runs HAProxy with certificates.</summary>
    public string? HaProxyCrtListPath(string lb) => _crtLists.GetValueOrDefault(lb);

    /// <summary>The PEM file the LB's HAProxy was started on, when the fleet runs HAProxy.</summary>
    public string? HaProxyPemPath(string lb) => _pemPaths.GetValueOrDefault(lb);

    public IPEndPoint? TlsEndpoint(string lb) => WithHaProxy ? _haproxies[LbNames.ToList().IndexOf(lb)].Endpoint : null;

    public BlobContainerClient SharedContainer => new(Azurite.ConnectionString, Container);

    public BlobContainerClient CertificateContainer => new(Azurite.ConnectionString, "certificates");

    /// <summary>
    /// Starts the fleet. With <paramref name="withHaProxy"/> each LB also runs HAProxy: its sidecar syncs the LB's
    /// certificate (bootstrap self-signed first, so HAProxy can start) and hot-swaps it through the Runtime API.
    /// </summary>
    /// <param name="count"></param>
    /// <param name="subnet"></param>
    /// <param name="withHaProxy"></param>
    /// <param name="fastStorePolling">Sidecars look for new tokens every 0.5 s (tests) instead of the product default of 2 s.</param>
    /// <param name="names">Fleet:Names as fleet.json spells them; given, the PEM goes to its default place (<see cref="DefaultPemLayout"/>).</param>
    /// <param name="certificates">
    /// Above 0: <c>Fleet:Certificates</c> with this many certificates (<see cref="LocalCertificate.Numbered"/>) instead
    /// of <c>Fleet:Names</c>; each PEM goes to its default place and each LB's HAProxy binds with the sidecar's crt-list.
    /// </param>
    public static Task<LocalFleet> StartAsync(int count = 3, int? subnet = null, bool withHaProxy = false, bool fastStorePolling = true, IReadOnlyList<string>? names = null, int certificates = 0)
    {
        if (count is < 1 or > 250)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "1 to 250 load balancers fit one loopback /24.");
        }
        if (certificates is < 0 or > 50 || (certificates > 0 && names is not null))
        {
            throw new ArgumentOutOfRangeException(nameof(certificates), certificates, "0 (the Names shorthand) to 50 certificates, and not with names.");
        }
        subnet ??= Interlocked.Increment(ref _subnet);
        var addresses = Enumerable.Range(1, count).Select(i => IPAddress.Parse($"127.{ProcessOctet}.{subnet}.{i}")).ToList();
        var list = Enumerable.Range(0, certificates).Select(LocalCertificate.Numbered).ToList();
        return PortRetry.StartAsync<LocalFleet>("local fleet", () => TryStartAsync(addresses, withHaProxy, fastStorePolling, names, template: null, list));
    }

    /// <summary>
    /// Starts the fleet an operator's file describes (<see cref="FleetTemplate"/>), every LB with its HAProxy. The
    /// harness adds only where this machine differs from an LB: its webroot, HAProxy's socket and certificate
    /// directory per LB, and a one-second certificate poll so the run does not wait the product's five minutes.
    /// </summary>
    public static Task<LocalFleet> StartFromFileAsync(FleetTemplate template, int? subnet = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        subnet ??= Interlocked.Increment(ref _subnet);
        var addresses = Enumerable.Range(1, template.LoadBalancerCount).Select(i => IPAddress.Parse($"127.{ProcessOctet}.{subnet}.{i}")).ToList();
        return PortRetry.StartAsync<LocalFleet>("local fleet", () => TryStartAsync(addresses, withHaProxy: true, fastStorePolling: false, template.Names, template));
    }

    /// <summary>Null when another program took the LBs' public or peer port before the sidecars bound it.</summary>
    private static async Task<LocalFleet?> TryStartAsync(List<IPAddress> addresses, bool withHaProxy, bool fastStorePolling, IReadOnlyList<string>? names, FleetTemplate? template, IReadOnlyList<LocalCertificate>? certificates = null)
    {
        var httpPort = FreePort.Next(addresses[0]);
        var peerPort = FreePort.Next(addresses[0]);
        var httpsPort = FreePort.Next(addresses[0]);
        var azurite = await AzuriteFixture.StartAsync(withQueue: true);
        PebbleFixture? pebble = null;
        LocalFleet? fleet = null;
        try
        {
            pebble = await PebbleFixture.StartAsync(new PebbleOptions { ValidationHttpPort = httpPort, ResolveTo = addresses[0].ToString() });
            fleet = new LocalFleet(azurite, pebble, TestTools.NewScratchDirectory("fleet"), addresses, httpPort, peerPort, httpsPort) { WithHaProxy = withHaProxy, FastStorePolling = fastStorePolling, Names = names ?? [ServiceName], DefaultPemLayout = names is not null || certificates is { Count: > 0 }, Template = template };
            fleet._certificates.AddRange(certificates ?? []);
            await fleet.SharedContainer.CreateIfNotExistsAsync();
            await fleet.CertificateContainer.CreateIfNotExistsAsync();
            await pebble.WriteIssuingRootsAsync(fleet.TrustedRootsPath);
            await fleet.RewriteConfigurationAsync();
            await File.WriteAllTextAsync(Path.Combine(fleet._scratch, "pebble-ca.pem"), pebble.Pki.Ca.ExportCertificatePem());
            foreach (var name in fleet.LbNames)
            {
                if (!await fleet.TryStartSidecarAsync(name))
                {
                    await fleet.DisposeAsync();
                    return null;
                }
            }
            return fleet;
        }
        catch
        {
            if (fleet is not null)
            {
                await fleet.DisposeAsync();
            }
            else
            {
                if (pebble is not null)
                {
                    await pebble.DisposeAsync();
                }
                await azurite.DisposeAsync();
            }
            throw;
        }
    }

    public async Task<Dictionary<string, string>> ApplyRoundRobinDnsAsync(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var plan = new Dictionary<string, string> { [ServiceName] = LbNames[random.Next(LbNames.Count)] };
        foreach (var name in _certificates.SelectMany(c => c.Names))
        {
            plan[name] = LbNames[random.Next(LbNames.Count)];
        }
        foreach (var lb in LbNames)
        {
            var others = LbNames.Where(n => n != lb).ToList();
            plan[$"{lb}.{ServiceName}"] = others.Count == 0 ? lb : others[random.Next(others.Count)];
        }
        foreach (var (host, lb) in plan)
        {
            await Pebble.SetARecordsAsync(host, Addresses[LbNames.ToList().IndexOf(lb)].ToString());
        }
        return plan;
    }

    public async Task StartSidecarAsync(string name)
    {
        if (!await TryStartSidecarAsync(name))
        {
            throw new InvalidOperationException($"{name}: another program holds port {HttpPort}, {PeerPort} or {HttpsPort} on {Addresses[LbNames.ToList().IndexOf(name)]}.");
        }
    }

    /// <summary>False when another program took the LB's public, peer or HTTPS port.</summary>
    private async Task<bool> TryStartSidecarAsync(string name)
    {
        var index = int.Parse(name[2..], CultureInfo.InvariantCulture);
        var webroot = Directory.CreateDirectory(Path.Combine(_scratch, "webroot-" + name)).FullName;
        List<string> arguments = [$"--Sidecar:Webroot={webroot}"];
        var feed = WithHaProxy ? HaProxyFeed.Create(Path.Combine(_scratch, "haproxy-" + name)) : null;
        var pemPath = feed?.PemPath;
        string? crtList = null;
        if (feed is not null && DefaultPemLayout)
        {
            var certificates = new Core.Fleet.FleetOptions { Names = [.. Names] };
            certificates.HaProxy.CertificateDirectory = Path.Combine(feed.Directory, "live");
            pemPath = Core.Fleet.FleetNames.DefaultPemPath(certificates);
            crtList = _certificates.Count > 0 ? Core.Fleet.FleetCertificates.CrtListPath(certificates) : null;
            // From a file, certificate sync runs as the file configures it: only the socket and the poll come from here.
            arguments.AddRange(Template is null
                ? feed.SidecarArguments.Where(a => !a.StartsWith("--Sidecar:CertificateSync:PemPath=", StringComparison.Ordinal))
                : [$"--Fleet:HaProxy:RuntimeSocket={feed.SocketPath}", "--Sidecar:CertificateSync:Interval=00:00:01"]);
            arguments.Add($"--Fleet:HaProxy:CertificateDirectory={certificates.HaProxy.CertificateDirectory}");
        }
        else
        {
            arguments.AddRange(feed?.SidecarArguments ?? []);
        }
        _sidecarArguments[name] = arguments;
        _sidecars.RemoveAll(s => s.Name == name);
        if (await SidecarProcess.TryStartAsync(name, ConfigPath, Addresses[index], HttpPort, PeerPort, arguments, Template?.Environment) is not { } sidecar)
        {
            return false;
        }
        _sidecars.Add(sidecar);
        if (feed is not null && _haproxies.Count <= index)
        {
            HaProxyCertificates bind;
            if (crtList is not null)
            {
                // The sidecar lists a certificate once its (bootstrap) PEM is on disk; HAProxy refuses a missing file.
                await WaitForCrtListAsync(crtList, _certificates.Count, () => sidecar.Output, TimeSpan.FromSeconds(30));
                bind = HaProxyCertificates.CrtList(crtList);
                _crtLists[name] = crtList;
            }
            else
            {
                await HaProxyFeed.WaitForBootstrapAsync(pemPath!, () => sidecar.Output, TimeSpan.FromSeconds(15));
                bind = HaProxyCertificates.Crt(pemPath!);
            }
            if (await HaProxyFixture.TryStartAsync(feed.Directory, bind, Addresses[index], HttpsPort) is not { } haproxy)
            {
                return false;
            }
            _haproxies.Add(haproxy);
            _pemPaths[name] = pemPath!;
        }
        return true;
    }

    private static async Task WaitForCrtListAsync(string path, int lines, Func<string> sidecarOutput, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!File.Exists(path) || File.ReadAllLines(path).Count(l => l.Trim().Length > 0) < lines)
        {
            if (DateTime.UtcNow > until)
            {
                throw new InvalidOperationException($"the sidecar wrote no crt-list of {lines} certificates to {path}:\n{sidecarOutput()}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Adds a certificate at the end of <c>Fleet:Certificates</c>, as an operator would edit fleet.json: the sidecars
    /// see the file change (they watch it; nothing is restarted) and the function reads it at its next run.
    /// </summary>
    public async Task<LocalCertificate> AddCertificateAsync()
    {
        if (_certificates.Count == 0)
        {
            throw new InvalidOperationException("this fleet uses Fleet:Names; start it with certificates to add one");
        }
        var next = Enumerable.Range(0, _certificates.Count + 1).First(i => _certificates.All(c => c.Name != LocalCertificate.Numbered(i).Name));
        var added = LocalCertificate.Numbered(next);
        _certificates.Add(added);
        await RewriteConfigurationAsync();
        return added;
    }

    /// <summary>Removes a certificate from <c>Fleet:Certificates</c> (fleet.json rewritten, nothing restarted).</summary>
    public async Task RemoveCertificateAsync(string name)
    {
        if (_certificates.RemoveAll(c => c.Name == name) == 0 || _certificates.Count == 0)
        {
            throw new InvalidOperationException($"'{name}' is not a certificate of this fleet, or the last one");
        }
        await RewriteConfigurationAsync();
    }

    /// <summary>
    /// <c>lb-sidecar check</c> as the operator would run it on this LB: the same configuration and overrides its
    /// daemon was started with, then <paramref name="overrides"/> (later ones win).
    /// </summary>
    public IReadOnlyList<string> CheckArguments(string lb, params IEnumerable<string> overrides) =>
    [
        "check", "--config", ConfigPath, $"--Sidecar:LoadBalancer={lb}", $"--Sidecar:ListenAddress={Addresses[LbNames.ToList().IndexOf(lb)]}",
        .. _sidecarArguments[lb], .. overrides,
    ];

    /// <summary>
    /// Adds an LB at the end of the fleet, as an operator would: the fleet file gains it, its sidecar (and HAProxy)
    /// start, and the running sidecars are restarted on the new file so it becomes their peer. Returns its name.
    /// </summary>
    public async Task<string> AddLoadBalancerAsync()
    {
        var last = _addresses[^1].GetAddressBytes();
        _addresses.Add(new IPAddress([last[0], last[1], last[2], (byte)(last[3] + 1)]));
        await RewriteConfigurationAsync();
        var added = LbNames[^1];
        await StartSidecarAsync(added);
        await RestartSidecarsAsync(except: added);
        return added;
    }

    /// <summary>Removes the last LB: stops its sidecar and HAProxy, drops it from the fleet file, restarts the others on it.</summary>
    public async Task<string> RemoveLastLoadBalancerAsync()
    {
        var removed = LbNames[^1];
        await StopLoadBalancerAsync(removed);
        var sidecar = _sidecars.Single(s => s.Name == removed);
        _sidecars.Remove(sidecar);
        await sidecar.DisposeAsync();
        if (WithHaProxy)
        {
            _haproxies.RemoveAt(_haproxies.Count - 1);
        }
        _addresses.RemoveAt(_addresses.Count - 1);
        await RewriteConfigurationAsync();
        await RestartSidecarsAsync(except: null);
        return removed;
    }

    /// <summary>Written to a temporary file and moved into place, so a sidecar watching it never reads half a file.</summary>
    private async Task RewriteConfigurationAsync()
    {
        var text = Template is null ? SidecarConfiguration().ToJsonString() : FilledTemplate().ToJsonString();
        var temporary = ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    /// <summary>A restart stands in for the reload an operator would do: the sidecar reads the changed fleet file.</summary>
    private async Task RestartSidecarsAsync(string? except)
    {
        foreach (var name in LbNames.Where(n => n != except))
        {
            await StopSidecarAsync(name);
            await StartSidecarAsync(name);
        }
    }

    public async Task StopSidecarAsync(string name) => await _sidecars.Single(s => s.Name == name).StopAsync();

    /// <summary>
    /// Waits (at most <paramref name="max"/>) until the sidecars together use less than a third of one core: a
    /// freshly started .NET process spends its first minute in the tiered JIT, and fifty of them saturate a small
    /// machine. Returns how long it took.
    /// </summary>
    public async Task<TimeSpan> WaitForQuietAsync(TimeSpan max)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(3);
        while (clock.Elapsed < max)
        {
            var before = CpuTicks();
            await Task.Delay(window);
            // 100 ticks per core-second: under 100 ticks in 3 s is under a third of a core.
            if (CpuTicks() - before < 100)
            {
                break;
            }
        }
        return clock.Elapsed;
    }

    private long CpuTicks() => _sidecars.Where(s => !s.HasExited).Sum(s =>
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{s.ProcessId}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0L;
        }
    });

    /// <summary>Stops everything of one LB: its sidecar and, if the fleet runs HAProxy, its HAProxy.</summary>
    public async Task StopLoadBalancerAsync(string name)
    {
        await StopSidecarAsync(name);
        if (WithHaProxy)
        {
            await _haproxies[LbNames.ToList().IndexOf(name)].DisposeAsync();
        }
    }

    /// <summary>The configuration the function app would read: Fleet, Engine and Store sections.</summary>
    public Dictionary<string, string?> EngineSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engine:AcmeTrustedRootPath"] = Path.Combine(_scratch, "pebble-ca.pem"),
            ["Engine:PublicHttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture),
            ["Engine:SelfTestDeadline"] = "00:00:20",
            ["Engine:LockLease"] = "00:00:15",
            ["Engine:CertificateStore"] = Template is null ? "blob" : "keyvault",
            ["Store:ConnectionString"] = Azurite.ConnectionString,
            ["Store:Container"] = Container,
            ["RenewalQueue"] = Azurite.ConnectionString,
            ["RenewalSchedule"] = "0 17 * * * *",
        };
        if (Template is not null)
        {
            settings["Engine:KeyVaultUri"] = Template.KeyVaultUri.ToString();
        }
        foreach (var (key, value) in Template is null ? FleetSettings() : FleetTemplate.FleetSettings(FilledTemplate()))
        {
            settings[key] = value;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    private Dictionary<string, string?> FleetSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fleet:AcmeDirectoryUrl"] = Pebble.DirectoryUrl.ToString(),
            ["Fleet:Contact:0"] = "mailto:ops@lbacme.example",
        };
        for (var i = 0; i < (_certificates.Count > 0 ? 0 : Names.Count); i++)
        {
            settings[$"Fleet:Names:{i}"] = Names[i];
        }
        for (var c = 0; c < _certificates.Count; c++)
        {
            settings[$"Fleet:Certificates:{c}:Name"] = _certificates[c].Name;
            for (var i = 0; i < _certificates[c].Names.Count; i++)
            {
                settings[$"Fleet:Certificates:{c}:Names:{i}"] = _certificates[c].Names[i];
            }
            settings[$"Fleet:Certificates:{c}:CarriesLbExtraName"] = _certificates[c].CarriesLbExtraName ? "true" : "false";
        }
        if (_certificates.Count > 0)
        {
            settings["Fleet:Renewal:FirstIssuanceStagger"] = NoStagger;
        }
        for (var i = 0; i < Addresses.Count; i++)
        {
            settings[$"Fleet:LoadBalancers:{i}:Name"] = $"lb{i}";
            settings[$"Fleet:LoadBalancers:{i}:Address"] = Addresses[i].ToString();
            settings[$"Fleet:LoadBalancers:{i}:HttpPort"] = HttpPort.ToString(CultureInfo.InvariantCulture);
            settings[$"Fleet:LoadBalancers:{i}:PeerPort"] = PeerPort.ToString(CultureInfo.InvariantCulture);
            settings[$"Fleet:LoadBalancers:{i}:ExtraName"] = $"lb{i}.{ServiceName}";
        }
        settings["Fleet:TrustedRoots:Path"] = TrustedRootsPath;
        settings["Fleet:HaProxy:Service:HttpsPort"] = HttpsPort.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>Pebble's roots, the fleet's <c>Fleet:TrustedRoots:Path</c>: a certificate from anywhere else is not deployed.</summary>
    private string TrustedRootsPath => Path.Combine(_scratch, "pebble-roots.pem");

    private System.Text.Json.Nodes.JsonObject FilledTemplate() =>
        Template!.Fill(Addresses, HttpPort, PeerPort, HttpsPort, Pebble.DirectoryUrl, TrustedRootsPath, Azurite.ConnectionString);

    /// <summary>
    /// Certificates without the LB's own name have one name set on every LB, which the planner staggers by an hour per
    /// LB (Fleet:Renewal:FirstIssuanceStagger); a local fleet issues them all in its one run.
    /// </summary>
    private const string NoStagger = "00:00:00";

    private System.Text.Json.Nodes.JsonObject SidecarConfiguration()
    {
        var configuration = JsonSerializer.SerializeToNode(SidecarConfigurationShape())!.AsObject();
        if (_certificates.Count > 0)
        {
            var fleet = configuration["Fleet"]!.AsObject();
            fleet.Remove(nameof(Names));
            fleet[nameof(Certificates)] = JsonSerializer.SerializeToNode(_certificates.Select(c => c.ToJson()).ToList());
            fleet["Renewal"] = new System.Text.Json.Nodes.JsonObject { ["FirstIssuanceStagger"] = NoStagger };
        }
        return configuration;
    }

    private object SidecarConfigurationShape() => new
    {
        Fleet = new
        {
            Names,
            AcmeDirectoryUrl = Pebble.DirectoryUrl,
            TrustedRoots = new { Path = TrustedRootsPath },
            HaProxy = new { Service = new { HttpsPort } },
            LoadBalancers = LbNames.Select((name, i) => new
            {
                Name = name,
                Address = Addresses[i].ToString(),
                HttpPort,
                PeerPort,
                ExtraName = $"{name}.{ServiceName}",
            }),
        },
        Sidecar = new
        {
            Store = new { ConnectionString = Azurite.ConnectionString, Container },
            StorePollInterval = FastStorePolling ? "00:00:00.500" : "00:00:02",
        },
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var haproxy in _haproxies)
        {
            await haproxy.DisposeAsync();
        }
        foreach (var sidecar in _sidecars)
        {
            await sidecar.DisposeAsync();
        }
        await Pebble.DisposeAsync();
        await Azurite.DisposeAsync();
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
