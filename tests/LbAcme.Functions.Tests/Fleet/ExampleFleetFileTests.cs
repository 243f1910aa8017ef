using LbAcme.Certificates;
using LbAcme.Certificates.KeyVault;
using LbAcme.Core.Fleet;
using LbAcme.LocalEnvironment;
using LbAcme.Testing;
using Xunit.Abstractions;

namespace LbAcme.Functions.Tests.Fleet;

/// <summary>
/// The documented path is the tested path: infra/packaging/fleet.json.example as shipped, with only what points
/// outside this machine replaced (LB addresses by loopback, the directory by Pebble, the vault's URL by a name under
/// vault.azure.net that a loopback proxy tunnels to the Key Vault double, reached through the real SDK with its checks
/// on and a managed identity's token endpoint; the store by Azurite), run by the
/// local fleet (the machinery of ./run-local.sh) until every LB's HAProxy serves its own certificate.
/// </summary>
public sealed class ExampleFleetFileTests(ITestOutputHelper output)
{
    private static string ExamplePath => Path.Combine(TestTools.RepoRoot, "infra", "packaging", "fleet.json.example");

    [Fact]
    public async Task The_shipped_example_file_gets_every_LB_serving_its_own_certificate_from_Key_Vault()
    {
        await using var access = await VaultAccess.StartAsync(TestTools.NewScratchDirectory("vault-access"));
        var (vault, proxy, identity, environment) = (access.Vault, access.Proxy, access.Identity, access.Environment);
        var template = FleetTemplate.Load(ExamplePath, access.VaultUri, environment);
        await using var fleet = await LocalFleet.StartFromFileAsync(template);

        var (exit, runnerOutput) = await RenewalTimer.FireOnceAsync(fleet, environment, TimeSpan.FromMinutes(5), CancellationToken.None);
        output.WriteLine(runnerOutput);
        Assert.True(exit == 0, $"the renewal runner exited {exit}:\n{runnerOutput}");

        var store = new KeyVaultCertificateStore(vault.CertificateClient(), vault.SecretClient());
        var serving = 0;
        foreach (var lb in fleet.LbNames)
        {
            var stored = await store.GetAsync(FleetCertificates.StoreName("lbacme", FleetCertificates.DefaultName, lb), CancellationToken.None);
            Assert.True(stored is not null, $"{lb}: no certificate in the vault");
            using var bundle = CertificateBundle.Parse(stored.Pem);
            var served = await ServedSerial.WaitForAsync(fleet.TlsEndpoint(lb)!, fleet.OwnName(lb), bundle.Leaf.SerialNumber);
            output.WriteLine($"{lb}: issued {bundle.Leaf.SerialNumber}, its HAProxy serves {served}");
            if (served == bundle.Leaf.SerialNumber)
            {
                serving++;
            }
        }
        output.WriteLine($"{serving} of {fleet.LbNames.Count} load balancers serve their own certificate");
        var sidecarLogs = string.Join("\n", fleet.Sidecars.Select(s => $"--- {s.Name} ---\n{s.Output}"));
        Assert.True(serving == fleet.LbNames.Count,
            $"{serving} of {fleet.LbNames.Count} load balancers serve their own certificate\n{sidecarLogs}");
        // The sidecars read their own secret, nothing else: a token came from the identity, every read went to a secret.
        Assert.NotEmpty(identity.Requests);
        Assert.True(proxy.VaultTunnels > 0);
        Assert.Contains(vault.AuthorizedRequests, r => r.StartsWith("GET /secrets/lbacme-lb", StringComparison.Ordinal));
    }
}
