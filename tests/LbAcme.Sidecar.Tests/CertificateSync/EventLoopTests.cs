using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using Xunit;
using Xunit.Abstractions;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// Challenge requests on the public port keep being answered promptly while a certificate sync does its heaviest
/// round on the same process (lb4): an RSA-4096 chain verified, the PEM written, the Runtime API of a real HAProxy
/// asked (it refuses: it serves the certificate under another path) and then a reload command that takes 2 s.
/// One sequential client, so one request is always outstanding: the p99 is over tens of thousands of requests, and
/// the slowest request is the longest time the port went unanswered. A stall shows there, not in the p99 (it is one
/// slow request among thousands); CPU noise on a shared 2-core box stays tens of milliseconds, a loop held by the
/// 2 s reload would be seconds.
/// </summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class EventLoopTests(CertificateSyncEnvironment env, ITestOutputHelper output)
{
    private const string Lb = "lb4";
    private const string Token = "eventLoopToken_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const double MaxP99Milliseconds = 10;
    private const int MinRequests = 1000;
    private static readonly TimeSpan MaxUnanswered = TimeSpan.FromSeconds(1);

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Challenge_p99_stays_under_10_ms_while_a_sync_verifies_an_RSA_4096_chain_and_runs_a_2_s_reload()
    {
        var directory = Directory.CreateDirectory(Path.Combine(env.Directory, Lb)).FullName;
        var record = Path.Combine(directory, "reloads.txt");
        var script = Path.Combine(directory, "slow-reload.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nsleep 2\necho reloaded >> '{record}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var chain = Rsa4096Chain.Issue(CertificateSyncEnvironment.ServiceName);
        var roots = Path.Combine(directory, "rsa-4096-root.pem");
        await File.WriteAllTextAsync(roots, chain.RootPem);
        // The chain's own root is this LB's trust anchor (a later command-line value wins over the environment's).
        await using var sidecar = await env.StartSidecarAsync(Lb, [.. env.SyncArguments(Lb, env.Azurite.ConnectionString, env.SocketPath(Lb), reload: script), $"--Fleet:TrustedRoots:Path={roots}"]);
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(File.Exists(env.PemPath(Lb))), TimeSpan.FromSeconds(20), $"{Lb} bootstrap PEM", sidecar);
        // HAProxy loads a copy under another name, so the sidecar's "set ssl cert" reaches it and is refused.
        var haproxyPem = Path.Combine(directory, "served-by-haproxy.pem");
        File.Copy(env.PemPath(Lb), haproxyPem, overwrite: true);
        await using var haproxy = await HaProxyFixture.StartAsync(directory, haproxyPem, sidecar.Address);
        await File.WriteAllTextAsync(Path.Combine(directory, "webroot", Token), Token + ".thumbprint");

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        var uri = sidecar.PublicUri($"/.well-known/acme-challenge/{Token}");
        // Warm-up: the connection, this client's code through the JIT's tiers, the sidecar's webroot hit cache.
        for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(2);)
        {
            await AskAsync(http, uri);
        }

        var requests = new List<(double Start, double End)>(100_000);
        var clock = Stopwatch.StartNew();
        Task<bool> reloaded;
        // Client-side collections would show up as slow requests that the sidecar did not cause.
        var noGc = GC.TryStartNoGCRegion(64L * 1024 * 1024);
        try
        {
            await env.PutCertificateAsync(Lb, chain.Bundle);
            // The window: from the new certificate in the store until the reload command has finished.
            reloaded = WaitForFileAsync(record, TimeSpan.FromSeconds(60));
            while (!reloaded.IsCompleted)
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
        Assert.True(await reloaded, $"the reload command never ran\n{sidecar.Output}");
        await CertificateSyncEnvironment.WaitForAsync(async () => (await env.ReadStatusAsync(Lb))?.Serial == chain.Serial,
            TimeSpan.FromSeconds(20), $"status/{Lb} with the new serial", sidecar);

        var latencies = requests.Select(r => r.End - r.Start).Order().ToList();
        var p99 = Percentile(latencies, 0.99);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"challenge latency during the {requests[^1].End - requests[0].Start:0} ms sync window: {requests.Count} requests, "
            + $"p50 {Percentile(latencies, 0.5):0.00} ms, p99 {p99:0.00} ms, slowest {latencies[^1]:0.0} ms (client no-GC region: {noGc})");
        output.WriteLine(line);
        Assert.Equal(["reloaded"], await File.ReadAllLinesAsync(record));
        var status = (await env.ReadStatusAsync(Lb))!;
        Assert.Equal(DeployOutcome.Deployed, status.Outcome);
        Assert.Equal(DeployMethods.Reload, status.Reason);
        Assert.True(requests.Count >= MinRequests, $"only {requests.Count} requests in the sync window: {line}");
        Assert.True(p99 < MaxP99Milliseconds, line + "\n" + sidecar.Output);
        Assert.True(latencies[^1] < MaxUnanswered.TotalMilliseconds, "the public port went unanswered: " + line + "\n" + sidecar.Output);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(sorted.Count * p) - 1];

    private static async Task AskAsync(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Token + ".thumbprint", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Runs on the pool beside the client loop and costs it nothing but a stat() now and then; true once the file exists.</summary>
    private static Task<bool> WaitForFileAsync(string path, TimeSpan timeout) => Task.Run(async () =>
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (File.Exists(path))
            {
                return true;
            }
            await Task.Delay(20);
        }
        return false;
    });

    /// <summary>Root, intermediate and leaf, all RSA-4096: the most expensive chain the sync may have to verify.</summary>
    private sealed record Rsa4096Chain(string Serial, string Bundle, string RootPem)
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
                $"{leaf.ExportCertificatePem()}\n{intermediate.ExportCertificatePem()}\n{leafKey.ExportPkcs8PrivateKeyPem()}\n", root.ExportCertificatePem() + "\n");
        }
    }
}
