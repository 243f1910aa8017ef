using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Sidecar.Tests.CertificateSync;
using Xunit;

namespace LbAcme.Sidecar.Tests.Attack;

/// <summary>Finding 10 end to end: what an attacker with store write access puts there never reaches HAProxy. Real sidecar, Azurite, HAProxy.</summary>
[Collection(CertificateSyncGroup.Name)]
public sealed class UntrustedDeployTests(CertificateSyncEnvironment env)
{
    private const string Name = CertificateSyncEnvironment.ServiceName;

    [Fact]
    public async Task A_self_signed_attacker_certificate_and_a_foreign_CA_chain_are_refused_and_the_good_certificate_keeps_serving()
    {
        var good = env.IssueNext();
        await env.PutCertificateAsync("lb0", good.Bundle);
        await CertificateSyncEnvironment.WaitForAsync(async () => await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name) == good.Serial,
            TimeSpan.FromSeconds(15), "the good certificate served", env.Lb0);
        // Newer than the deployed one and covering the right names: only the trust anchor tells them apart.
        var (attackerSerial, attacker) = SelfSignedBundle.Create("CN=attacker", [Name], DateTimeOffset.UtcNow.AddMinutes(-1));
        var foreign = env.ForeignIssuer.Issue([Name], DateTimeOffset.UtcNow.AddMinutes(-1));

        foreach (var (what, pem, serial) in new[] { ("self-signed", attacker, attackerSerial), ("foreign CA", foreign.Bundle, foreign.Serial) })
        {
            var version = await env.PutCertificateAsync("lb0", pem);
            DeployStatus? status = null;
            await CertificateSyncEnvironment.WaitForAsync(async () => (status = await env.ReadStatusAsync("lb0"))?.StoreVersion == version,
                TimeSpan.FromSeconds(10), $"status/lb0 about the {what} version", env.Lb0);

            Assert.Equal(DeployOutcome.Refused, status!.Outcome);
            Assert.Equal(DeployRefusals.UntrustedChain, status.Reason);
            Assert.Equal(good.Serial, status.Serial);
            var served = await TlsProbe.ServedSerialAsync(env.Lb0HaProxy.Endpoint, Name);
            Assert.Equal(good.Serial, served);
            Assert.NotEqual(serial, served);
        }
        var onDisk = await File.ReadAllTextAsync(env.PemPath("lb0"));
        Assert.Contains(good.LeafPem, onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(foreign.LeafPem, onDisk, StringComparison.Ordinal);
    }
}
