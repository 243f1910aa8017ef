using System.Collections.Concurrent;
using System.Text.Json;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>lb0 against real Azurite and a real HAProxy: bootstrap, hot swap without a failed handshake, and refusals.</summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class CertificateDeployTests(CertificateSyncEnvironment env)
{
    private const string Name = CertificateSyncEnvironment.ServiceName;

    [Fact]
    public void With_nothing_in_the_store_HAProxy_starts_on_a_self_signed_certificate_and_status_says_so()
    {
        Assert.Equal(env.BootstrapSerial, env.FirstServedSerial);
        Assert.Contains("self-signed", env.FirstServedSubject, StringComparison.Ordinal);
        using var status = JsonDocument.Parse(env.FirstStatusJson);
        // Exactly the web-JSON shape the function app reads.
        Assert.Equal(["serial", "notAfter", "when", "result", "outcome", "selfSigned", "storeVersion", "reason", "syncIntervalSeconds", "certificates"], status.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(env.BootstrapSerial, status.RootElement.GetProperty("serial").GetString());
        Assert.Equal("not_in_store", status.RootElement.GetProperty("outcome").GetString());
        Assert.True(status.RootElement.GetProperty("selfSigned").GetBoolean());
        Assert.Equal(0.5, status.RootElement.GetProperty("syncIntervalSeconds").GetDouble());
    }

    [Fact]
    public async Task A_new_certificate_is_hot_swapped_with_zero_failed_handshakes_and_the_same_HAProxy_process()
    {
        var pid = env.Lb0HaProxy.ProcessId;
        var before = await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name);
        var issued = env.IssueNext();
        var seen = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var handshakes = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Four bounded handshake loops run across the swap.
        var loops = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 1500 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var serial = await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name);
                    seen.AddOrUpdate(serial, 1, (_, n) => n + 1);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    failures.Enqueue(e.GetType().Name + ": " + e.Message);
                }
                Interlocked.Increment(ref handshakes);
            }
        })).ToList();
        await Task.Delay(300);
        await env.PutCertificateAsync("lb0", issued.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(() => Task.FromResult(seen.ContainsKey(issued.Serial)), TimeSpan.FromSeconds(15), "new serial in a handshake", env.Lb0);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(loops);

        Assert.Empty(failures);
        Assert.True(seen.ContainsKey(before), "no handshake saw the old certificate, so the swap was not under load");
        Assert.True(seen.ContainsKey(issued.Serial));
        Assert.True(handshakes > 20, $"only {handshakes} handshakes");
        Assert.Equal(pid, env.Lb0HaProxy.ProcessId);
        Assert.False(env.Lb0HaProxy.HasExited);
        Assert.Contains(issued.LeafPem, await File.ReadAllTextAsync(env.PemPath("lb0")), StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(env.PemPath("lb0")));
        }
        Assert.True(File.Exists(env.PemPath("lb0") + ".previous"));
        await CertificateSyncEnvironment.WaitForAsync(async () => (await env.ReadStatusAsync("lb0"))?.Serial == issued.Serial, TimeSpan.FromSeconds(10), "status/lb0 with the new serial", env.Lb0);
        var status = (await env.ReadStatusAsync("lb0"))!;
        Assert.Equal(DeployOutcome.Deployed, status.Outcome);
        Assert.Equal("hot_swap", status.Reason);
        Assert.False(status.SelfSigned);
    }

    [Fact]
    public async Task Every_kind_of_bad_certificate_is_refused_reported_and_the_old_one_keeps_serving()
    {
        var good = env.IssueNext();
        await env.PutCertificateAsync("lb0", good.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name) == good.Serial,
            TimeSpan.FromSeconds(15), "the good certificate served", env.Lb0);
        var other = env.IssueNext();
        var now = DateTimeOffset.UtcNow;
        var expired = env.Issuer.Issue([Name], now.AddDays(-100), TimeSpan.FromDays(10));
        var future = env.Issuer.Issue([Name], now.AddDays(1));
        var wrongNames = env.Issuer.Issue(["elsewhere.example.test"], now.AddMinutes(-1));
        var foreign = env.ForeignIssuer.Issue([Name], now.AddMinutes(-1));
        var older = env.Issuer.Issue([Name], now.AddDays(-3));
        var cases = new (string Case, string Pem, string Expected)[]
        {
            ("expired", expired.Bundle, "expired"),
            ("not yet valid", future.Bundle, "not_yet_valid"),
            ("key mismatch", $"{other.LeafPem}\n{other.IntermediatePem}\n{good.KeyPem}\n", "invalid_bundle"),
            ("wrong names", wrongNames.Bundle, "wrong_names"),
            ("chain that does not link", $"{foreign.LeafPem}\n{env.Issuer.Intermediate.ExportCertificatePem()}\n{foreign.KeyPem}\n", "invalid_bundle"),
            ("truncated PEM", good.Bundle[..(good.Bundle.Length / 2)], "invalid_bundle"),
            ("garbage", "this is not a certificate\n", "invalid_bundle"),
            ("older than deployed", older.Bundle, "not_newer"),
        };
        var problems = new List<string>();
        foreach (var (name, pem, expected) in cases)
        {
            var version = await env.PutCertificateAsync("lb0", pem);
            DeployStatus? status = null;
            await CertificateSyncEnvironment.WaitForAsync(async () =>
                (status = await env.ReadStatusAsync("lb0"))?.StoreVersion == version,
                TimeSpan.FromSeconds(10), $"status/lb0 about the {name} version", env.Lb0);
            var served = await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name);
            if (status!.Outcome != DeployOutcome.Refused || status.Reason != expected)
            {
                problems.Add($"{name}: status {status.Outcome}/{status.Reason} ('{status.Result}'), expected refused/{expected}");
            }
            if (served != good.Serial || status.Serial != good.Serial)
            {
                problems.Add($"{name}: serving {served}, status says {status.Serial}, expected {good.Serial}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + env.Lb0.Output);
        Assert.Contains(good.LeafPem, await File.ReadAllTextAsync(env.PemPath("lb0")), StringComparison.Ordinal);
    }
}
