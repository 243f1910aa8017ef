using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Testing;
using Xunit;
using Xunit.Abstractions;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// Challenge requests on the public port keep being answered promptly while a certificate sync does its heaviest
/// round on the same process (lb4): an RSA-4096 chain verified, the PEM written, the Runtime API of a real HAProxy
/// asked (it refuses: it serves the certificate under another path) and then a reload command that takes 2 s.
/// One sequential client; its latencies are read as a CA arriving at any moment of the window would see them
/// (<see cref="ArrivalLatencies"/>), so a stall counts for as long as it lasts, not as one slow request.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class EventLoopTests(CertificateSyncEnvironment env, ITestOutputHelper output)
{
    private const string Lb = "lb4";
    private const string Token = "eventLoopToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const double MaxP99Milliseconds = 10;
    private const int MinRequests = 200;
    private const double SlotMilliseconds = 1;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Challenge_p99_stays_under_10_ms_while_a_sync_verifies_an_RSA_4096_chain_and_runs_a_2_s_reload()
    {
        var directory = Directory.CreateDirectory(Path.Combine(env.Directory, Lb)).FullName;
        var record = Path.Combine(directory, "reloads.txt");
        var script = Path.Combine(directory, "slow-reload.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nsleep 2\necho reloaded >> '{record}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var sidecar = await env.StartSidecarAsync(Lb, env.SyncArguments(Lb, env.Azurite.ConnectionString, env.SocketPath(Lb), reload: script));
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(File.Exists(env.PemPath(Lb))), TimeSpan.FromSeconds(20), $"{Lb} bootstrap PEM", sidecar);
        // HAProxy loads a copy under another name, so the sidecar's "set ssl cert" reaches it and is refused.
        var haproxyPem = Path.Combine(directory, "served-by-haproxy.pem");
        File.Copy(env.PemPath(Lb), haproxyPem, overwrite: true);
        await using var haproxy = await HaProxyFixture.StartAsync(directory, haproxyPem, sidecar.Address);
        await File.WriteAllTextAsync(Path.Combine(directory, "webroot", Token), Token + ".thumbprint");
        var chain = Rsa4096Chain.Issue(CertificateSyncEnvironment.ServiceName);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var uri = sidecar.PublicUri($"/.well-known/acme-challenge/{Token}");
        // Warm-up: connection, JIT of this client, the sidecar's webroot hit cache.
        for (var i = 0; i < 500; i++)
        {
            await AskAsync(http, uri);
        }

        var requests = new List<(double Start, double End)>(100_000);
        var clock = Stopwatch.StartNew();
        Task<bool> deployed;
        // Client-side collections would show up as slow requests that the sidecar did not cause.
        var noGc = GC.TryStartNoGCRegion(64L * 1024 * 1024);
        try
        {
            await env.PutCertificateAsync(Lb, chain.Bundle);
            deployed = WaitForStatusSerialAsync(Lb, chain.Serial, TimeSpan.FromSeconds(60));
            while (!deployed.IsCompleted)
            {
                var start = clock.Elapsed.TotalMilliseconds;
                await AskAsync(http, uri);
                requests.Add((start, clock.Elapsed.TotalMilliseconds));
            }
        }
        finally
        {
            if (noGc && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
        Assert.True(await deployed, $"status/{Lb} never named {chain.Serial}\n{sidecar.Output}");

        var perRequest = requests.Select(r => r.End - r.Start).Order().ToList();
        var arrivals = ArrivalLatencies(requests).Order().ToList();
        var p99 = Percentile(arrivals, 0.99);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"challenge latency during the {requests[^1].End - requests[0].Start:0} ms sync window: p99 {p99:0.00} ms, p50 {Percentile(arrivals, 0.5):0.00} ms over {arrivals.Count} arrival slots; "
            + $"{requests.Count} requests, p99 {Percentile(perRequest, 0.99):0.00} ms, max {perRequest[^1]:0.0} ms (client no-GC region: {noGc})");
        output.WriteLine(line);
        Assert.Equal(["reloaded"], await File.ReadAllLinesAsync(record));
        Assert.Contains("reloaded", (await env.ReadStatusAsync(Lb))!.Result, StringComparison.Ordinal);
        Assert.True(requests.Count >= MinRequests, $"only {requests.Count} requests in the sync window: {line}");
        Assert.True(p99 < MaxP99Milliseconds, line + "\n" + sidecar.Output);
    }

    /// <summary>
    /// What an arrival at each <see cref="SlotMilliseconds"/> step of the window waits: while a request is in flight,
    /// until it ends plus a request of its own (the next one's duration); between requests, one request.
    /// A sequential client's own samples would show a 2 s stall as one slow request among thousands.
    /// </summary>
    private static List<double> ArrivalLatencies(List<(double Start, double End)> requests)
    {
        var latencies = new List<double>();
        var k = 0;
        for (var t = requests[0].Start; t < requests[^1].End; t += SlotMilliseconds)
        {
            while (requests[k].End <= t)
            {
                k++;
            }
            var (start, end) = requests[k];
            var own = k + 1 < requests.Count ? requests[k + 1].End - requests[k + 1].Start : end - start;
            latencies.Add(start <= t ? end - t + own : end - start);
        }
        return latencies;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(sorted.Count * p) - 1];

    private static async Task AskAsync(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Token + ".thumbprint", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs on the pool beside the client loop; true once status/{lb} names the serial.</summary>
    private Task<bool> WaitForStatusSerialAsync(string lb, string serial, TimeSpan timeout) => Task.Run(async () =>
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if ((await env.ReadStatusAsync(lb))?.Serial == serial)
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    });

    /// <summary>Root, intermediate and leaf, all RSA-4096: the most expensive chain the sync may have to verify.</summary>
    private sealed record Rsa4096Chain(string Serial, string Bundle)
    {
        public static Rsa4096Chain Issue(string name)
        {
            var now = DateTimeOffset.UtcNow;
            using var rootKey = RSA.Create(4096);
            using var intermediateKey = RSA.Create(4096);
            using var leafKey = RSA.Create(4096);
            var rootRequest = new CertificateRequest("CN=event loop test root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
            using var root = rootRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(5));
            var intermediateRequest = new CertificateRequest("CN=event loop test intermediate", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
            using var intermediateCertificate = intermediateRequest.Create(root, now.AddYears(-1), now.AddYears(4), RandomNumberGenerator.GetBytes(16));
            using var intermediate = intermediateCertificate.CopyWithPrivateKey(intermediateKey);
            var leafRequest = new CertificateRequest($"CN={name}", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            leafRequest.CertificateExtensions.Add(san.Build());
            leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, true, false));
            var serial = RandomNumberGenerator.GetBytes(16);
            serial[0] = (byte)((serial[0] & 0x7f) | 0x01);
            using var leaf = leafRequest.Create(intermediate, now.AddMinutes(-1), now.AddDays(90), serial);
            return new Rsa4096Chain(leaf.SerialNumber,
                $"{leaf.ExportCertificatePem()}\n{intermediate.ExportCertificatePem()}\n{leafKey.ExportPkcs8PrivateKeyPem()}\n");
        }
    }
}
