using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LbAcme.LocalEnvironment;

/// <summary>
/// A real Pebble (Let's Encrypt's ACME test server) with its pebble-challtestsrv as DNS, on free loopback
/// ports, every listener bound to 127.0.0.1. Validations really happen: PEBBLE_VA_NOSLEEP=1, PEBBLE_AUTHZREUSE=0.
/// </summary>
public sealed class PebbleFixture : IAsyncDisposable
{
    private readonly ManagedProcess _challtestsrv;
    private readonly ManagedProcess _pebble;
    private readonly HttpClient _management;
    private readonly string _scratch;
    private readonly int _roots;

    private PebbleFixture(TestPki pki, ManagedProcess challtestsrv, ManagedProcess pebble, int acmePort, int managementPort, int challtestsrvManagementPort, string scratch, int alternateRoots)
    {
        _roots = 1 + alternateRoots;
        Pki = pki;
        _challtestsrv = challtestsrv;
        _pebble = pebble;
        _scratch = scratch;
        DirectoryUrl = new Uri($"https://127.0.0.1:{acmePort}/dir");
        ManagementUrl = new Uri($"https://127.0.0.1:{managementPort}/");
        ChallengeServerUrl = new Uri($"http://127.0.0.1:{challtestsrvManagementPort}/");
        _management = new HttpClient(pki.CreateTrustingHandler()) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public TestPki Pki { get; }

    public Uri DirectoryUrl { get; }

    /// <summary>Pebble's management interface: roots, intermediates, certificate status by serial.</summary>
    public Uri ManagementUrl { get; }

    /// <summary>pebble-challtestsrv's management API (DNS records, HTTP-01 responses).</summary>
    public Uri ChallengeServerUrl { get; }

    public string PebbleOutput => _pebble.Output;

    public static async Task<PebbleFixture> StartAsync(PebbleOptions? options = null)
    {
        options ??= new PebbleOptions();
        var scratch = TestTools.NewScratchDirectory("pebble");
        var pki = new TestPki("Pebble front-end test CA");
        var (certPath, keyPath) = pki.WriteServerPem(scratch);
        var challtestsrv = await StartChallengeServerAsync(options);
        var acmePort = 0;
        var managementPort = 0;
        var configPath = Path.Combine(scratch, "pebble-config.json");
        var environment = new Dictionary<string, string>
        {
            ["PEBBLE_VA_NOSLEEP"] = "1",
            ["PEBBLE_AUTHZREUSE"] = "0",
            ["PEBBLE_WFE_NONCEREJECT"] = options.NonceRejectPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PEBBLE_ALTERNATE_ROOTS"] = options.AlternateRoots.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        ManagedProcess pebble;
        try
        {
            pebble = await PortRetry.StartAsync<ManagedProcess>("pebble", async () =>
            {
                acmePort = FreePort.Next();
                managementPort = FreePort.Next();
                var config = new
                {
                    pebble = new Dictionary<string, object>
                    {
                        ["listenAddress"] = $"127.0.0.1:{acmePort}",
                        ["managementListenAddress"] = $"127.0.0.1:{managementPort}",
                        ["certificate"] = certPath,
                        ["privateKey"] = keyPath,
                        ["httpPort"] = options.ValidationHttpPort ?? challtestsrv.Http01Port,
                        // Where Pebble would connect for TLS-ALPN-01, which no test uses: a number, not a listener.
                        ["tlsPort"] = 5001,
                        ["ocspResponderURL"] = string.Empty,
                        ["externalAccountBindingRequired"] = options.EabKeys is not null,
                        ["externalAccountMACKeys"] = options.EabKeys ?? new Dictionary<string, string>(),
                        ["retryAfter"] = new { authz = 1, order = 1 },
                        // Let's Encrypt's classic 90 days, so lifetime-relative renewal sees realistic certificates.
                        ["certificateValidityPeriod"] = options.CertificateLifetime is { } lifetime ? (long)lifetime.TotalSeconds : 90L * 24 * 3600,
                    },
                };
                await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));
                var process = ManagedProcess.Start("pebble", "pebble", ["-config", configPath, "-dnsserver", $"127.0.0.1:{challtestsrv.DnsPort}"], environment, scratch);
                if (await process.WaitForListenersAsync([Listener.Tcp(IPAddress.Loopback, acmePort), Listener.Tcp(IPAddress.Loopback, managementPort)], TimeSpan.FromSeconds(30)))
                {
                    return process;
                }
                await process.DisposeAsync();
                return null;
            });
        }
        catch
        {
            await challtestsrv.Process.DisposeAsync();
            throw;
        }
        var fixture = new PebbleFixture(pki, challtestsrv.Process, pebble, acmePort, managementPort, challtestsrv.ManagementPort, scratch, options.AlternateRoots);
        try
        {
            await pebble.WaitUntilAsync(fixture.DirectoryAnswersAsync, TimeSpan.FromSeconds(30), "ACME directory");
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
        return fixture;
    }

    /// <summary>pebble-challtestsrv: DNS (UDP and TCP) for Pebble, its management API, and HTTP-01 answers unless the fleet serves them.</summary>
    private static Task<ChallengeServer> StartChallengeServerAsync(PebbleOptions options) =>
        PortRetry.StartAsync<ChallengeServer>("pebble-challtestsrv", async () =>
        {
            int dnsPort = FreePort.Next(), http01Port = FreePort.Next(), managementPort = FreePort.Next();
            var serveHttp01 = options.ValidationHttpPort is null;
            var process = ManagedProcess.Start("pebble-challtestsrv", "pebble-challtestsrv",
            [
                "-dns01", $"127.0.0.1:{dnsPort}",
                "-http01", serveHttp01 ? $"127.0.0.1:{http01Port}" : string.Empty,
                "-https01", string.Empty,
                "-tlsalpn01", string.Empty,
                "-management", $"127.0.0.1:{managementPort}",
                "-defaultIPv4", options.ResolveTo,
                "-defaultIPv6", string.Empty,
            ]);
            List<Listener> listeners = [Listener.Udp(IPAddress.Loopback, dnsPort), Listener.Tcp(IPAddress.Loopback, dnsPort), Listener.Tcp(IPAddress.Loopback, managementPort)];
            if (serveHttp01)
            {
                listeners.Add(Listener.Tcp(IPAddress.Loopback, http01Port));
            }
            if (await process.WaitForListenersAsync(listeners, TimeSpan.FromSeconds(20)))
            {
                return new ChallengeServer(process, dnsPort, http01Port, managementPort);
            }
            await process.DisposeAsync();
            return null;
        });

    private sealed record ChallengeServer(ManagedProcess Process, int DnsPort, int Http01Port, int ManagementPort);

    /// <summary>Makes challtestsrv's HTTP-01 responder answer <paramref name="token"/> with <paramref name="keyAuthorization"/>.</summary>
    public async Task AddHttp01Async(string token, string keyAuthorization)
    {
        using var response = await _management.PostAsJsonAsync(new Uri(ChallengeServerUrl, "add-http01"), new { token, content = keyAuthorization });
        response.EnsureSuccessStatusCode();
    }

    public async Task RemoveHttp01Async(string token)
    {
        using var response = await _management.PostAsJsonAsync(new Uri(ChallengeServerUrl, "del-http01"), new { token });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Points <paramref name="host"/> at the given IPv4 addresses in challtestsrv's DNS.</summary>
    public async Task SetARecordsAsync(string host, params string[] addresses)
    {
        using var response = await _management.PostAsJsonAsync(new Uri(ChallengeServerUrl, "add-a"), new { host, addresses });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Points <paramref name="host"/> at the given IPv6 addresses in challtestsrv's DNS.</summary>
    public async Task SetAaaaRecordsAsync(string host, params string[] addresses)
    {
        using var response = await _management.PostAsJsonAsync(new Uri(ChallengeServerUrl, "add-aaaa"), new { host, addresses });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Removes <paramref name="host"/>'s A and AAAA records (the default answers stay).</summary>
    public async Task ClearAddressRecordsAsync(string host)
    {
        foreach (var endpoint in new[] { "clear-a", "clear-aaaa" })
        {
            using var response = await _management.PostAsJsonAsync(new Uri(ChallengeServerUrl, endpoint), new { host });
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Pebble's own view of a certificate ("Valid" or "Revoked"), from its management interface.</summary>
    public async Task<string> GetCertificateStatusAsync(string serialHex) => (await GetCertificateRevocationAsync(serialHex)).Status;

    /// <summary>Pebble's status of a certificate and, once revoked, the RFC 5280 reason code it recorded.</summary>
    public async Task<(string Status, int? Reason)> GetCertificateRevocationAsync(string serialHex)
    {
        var url = new Uri(ManagementUrl, $"cert-status-by-serial/{serialHex.ToLowerInvariant().TrimStart('0')}");
        using var response = await _management.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        int? reason = root.TryGetProperty("Reason", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : null;
        return (root.GetProperty("Status").GetString() ?? string.Empty, reason);
    }

    /// <summary>
    /// Writes the roots Pebble issues under (its default chain's and every alternate chain's, each made fresh at its
    /// start) as one PEM file: what a fleet on this Pebble sets as <c>Fleet:TrustedRoots:Path</c>.
    /// </summary>
    public async Task<string> WriteIssuingRootsAsync(string path)
    {
        var pem = new System.Text.StringBuilder();
        for (var i = 0; i < _roots; i++)
        {
            using var response = await _management.GetAsync(new Uri(ManagementUrl, $"roots/{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            response.EnsureSuccessStatusCode();
            pem.Append((await response.Content.ReadAsStringAsync()).Trim()).Append('\n');
        }
        await File.WriteAllTextAsync(path, pem.ToString());
        return path;
    }

    /// <summary>An HttpClient handler that trusts this Pebble's front-end TLS certificate.</summary>
    public HttpMessageHandler CreateHandler() => Pki.CreateTrustingHandler();

    public async ValueTask DisposeAsync()
    {
        _management.Dispose();
        await _pebble.DisposeAsync();
        await _challtestsrv.DisposeAsync();
        Pki.Dispose();
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless.
        }
    }

    private async Task<bool> DirectoryAnswersAsync()
    {
        try
        {
            using var response = await _management.GetAsync(DirectoryUrl);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
