using System.Net;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Certificates;
using LbAcme.Sidecar.HaProxy;
using Xunit;

namespace LbAcme.Sidecar.Tests.CertificateSync;

/// <summary>
/// The applier against a real HAProxy: a PEM it accepts is hot-swapped; a PEM it refuses (the key belongs to another
/// certificate), with a reload that fails too, puts the previous file back and HAProxy keeps serving the good one.
/// </summary>
public sealed class HaProxyRefusalTests
{
    private static readonly string[] Names = ["svc.example.test"];

    [Fact]
    public async Task A_refused_certificate_restores_the_previous_file_and_the_good_one_keeps_serving()
    {
        var directory = TestTools.NewScratchDirectory("haproxy-refusal");
        var pemPath = Path.Combine(directory, "lb.pem");
        var now = DateTimeOffset.UtcNow;
        using var first = BootstrapCertificate.Create(Names, now);
        using var good = BootstrapCertificate.Create(Names, now);
        using var other = BootstrapCertificate.Create(Names, now);
        await File.WriteAllTextAsync(pemPath, first.ToPem());
        await using var haproxy = await HaProxyFixture.StartAsync(directory, pemPath, IPAddress.Loopback);
        var applier = new CertificateApplier(new AtomicPemFile(pemPath, owner: null),
            new CertificateHotSwap(new RuntimeApiClient(haproxy.SocketPath, TimeSpan.FromSeconds(5))),
            crtList: null, pemPath, useRuntimeApi: true, new ReloadCommand("exit 3", TimeSpan.FromSeconds(5)));

        var swapped = await applier.ApplyAsync(good.ToPem(), good.Leaf.SerialNumber, CancellationToken.None);
        Assert.Equal(ApplyOutcome.HotSwapped, swapped.Outcome);
        Assert.Equal(good.Leaf.SerialNumber, await TlsProbe.ServedSerialAsync(haproxy.Endpoint, Names[0]));

        var mismatched = other.Chain.Pem + good.Key.ExportPkcs8Pem() + "\n";
        var refused = await applier.ApplyAsync(mismatched, other.Leaf.SerialNumber, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Failed, refused.Outcome);
        Assert.Contains("HAProxy refused it", refused.Detail, StringComparison.Ordinal);
        Assert.Contains("'exit 3' exited 3", refused.Detail, StringComparison.Ordinal);
        Assert.Contains("previous file restored", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(good.ToPem(), await File.ReadAllTextAsync(pemPath));
        Assert.Equal(good.Leaf.SerialNumber, await TlsProbe.ServedSerialAsync(haproxy.Endpoint, Names[0]));
        Assert.False(haproxy.HasExited, haproxy.Output);
    }
}
