using System.Text.Json;
using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>
/// Builds infra/main.bicep once per test run and snapshots three deployments of it: the default (Flex
/// Consumption, three LBs with identities); a Dedicated plan in another resource group, with a name prefix
/// storage accounts would refuse, whose LBs get no certificate access yet, renewing every 10 minutes; and an
/// Elastic Premium plan in the default's resource group that recovers its vault under a salted name, renewing
/// every 6 hours; and a Flex Consumption fleet of three certificates (Fleet:Certificates) instead of the names shorthand;
/// and that fleet again with the certificate events on.
/// </summary>
public sealed class BicepFixture : IAsyncLifetime
{
    public const string SubscriptionId = "11111111-2222-3333-4444-555555555555";
    public const string ResourceGroup = "rg-lbacme-test";
    public const string OtherResourceGroup = "rg-lbacme-other";
    public const string OddNamePrefix = "LB_Acme-9";
    public const string VaultNameSalt = "rebuilt-2027";

    /// <summary>Renewal schedules other than the default hourly one, for the no-run alert's derived period.</summary>
    public const string DedicatedSchedule = "0 */10 * * * *";
    public const string RecoveredSchedule = "0 30 */6 * * *";
    public static readonly string[] Lbs = ["lb0", "lb1", "lb2"];

    private readonly string _scratch = TestTools.NewScratchDirectory("bicep");

    public string Directory => _scratch;

    public JsonDocument Template { get; private set; } = null!;

    public DeploymentSnapshot Flex { get; private set; } = null!;

    public DeploymentSnapshot Dedicated { get; private set; } = null!;

    public DeploymentSnapshot Recovered { get; private set; } = null!;

    /// <summary>The default's fleet with <see cref="CertificatesFleet"/> in place of its names.</summary>
    public DeploymentSnapshot Certificates { get; private set; } = null!;

    /// <summary><see cref="Certificates"/> with certificateEvents on: Event Grid and Service Bus per LB.</summary>
    public DeploymentSnapshot Events { get; private set; } = null!;

    /// <summary>Three certificates: "default" keeps the shorthand's store names and carries lb0's ExtraName.</summary>
    public const string CertificatesFleet = """
        certificates: [
            { name: 'default', names: ['svc.example.com'], carriesLbExtraName: true }
            { name: 'api', names: ['api.example.com'], keyType: 'Rsa2048' }
            { name: 'web', names: ['www.example.com', 'example.com'], profile: 'shortlived' }
          ]
        """;

    public static string PrincipalOf(string lb) => $"00000000-0000-0000-0000-00000000000{Array.IndexOf(Lbs, lb)}";

    public async Task InitializeAsync()
    {
        InfraPaths.CopyBicepTo(_scratch);
        var build = await BicepCli.RunAsync("build", Path.Combine(_scratch, "main.bicep"), "--stdout");
        Assert.True(build.ExitCode == 0, build.ToString());
        Template = JsonDocument.Parse(build.StandardOutput);
        Flex = await SnapshotAsync("flex", "FlexConsumption", grantCertificateAccess: true);
        Dedicated = await SnapshotAsync("dedicated", "Dedicated", grantCertificateAccess: false, OtherResourceGroup,
            $"param namePrefix = '{OddNamePrefix}'\nparam renewalSchedule = '{DedicatedSchedule}'");
        Recovered = await SnapshotAsync("recovered", "ElasticPremium", grantCertificateAccess: true, ResourceGroup,
            $"param vaultNameSalt = '{VaultNameSalt}'\nparam recoverKeyVault = true\nparam renewalSchedule = '{RecoveredSchedule}'");
        Certificates = await SnapshotAsync("certificates", "FlexConsumption", grantCertificateAccess: true, fleetNames: CertificatesFleet);
        Events = await SnapshotAsync("events", "FlexConsumption", grantCertificateAccess: true, extraParameters: "param certificateEvents = true", fleetNames: CertificatesFleet);
    }

    public Task DisposeAsync()
    {
        Template?.Dispose();
        System.IO.Directory.Delete(_scratch, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<DeploymentSnapshot> SnapshotAsync(string name, string plan, bool grantCertificateAccess,
        string resourceGroup = ResourceGroup, string extraParameters = "", string fleetNames = "names: ['svc.example.com', 'www.example.com']")
    {
        var parameters = Path.Combine(_scratch, $"{name}.bicepparam");
        var identities = string.Join('\n', Lbs.Select(lb => $"  {{ lb: '{lb}', principalId: '{PrincipalOf(lb)}' }}"));
        var loadBalancers = string.Join('\n', Lbs.Select((lb, i) => $"    {{ name: '{lb}', address: '192.0.2.{10 + i}'{(i == 0 ? ", peerPort: 31081, extraName: 'lb0.svc.example.com'" : "")} }}"));
        await File.WriteAllTextAsync(parameters, $$"""
            using 'main.bicep'

            param hostingPlan = '{{plan}}'
            param fleet = {
              {{fleetNames}}
              acmeDirectoryUrl: 'https://acme-staging-v02.api.letsencrypt.org/directory'
              contact: ['mailto:ops@example.com']
              profile: 'tlsserver'
              loadBalancers: [
            {{loadBalancers}}
              ]
              vips: ['198.51.100.1', '198.51.100.2', '2001:db8::1']
            }
            param lbIdentities = [
            {{identities}}
            ]
            param grantLbCertificateAccess = {{(grantCertificateAccess ? "true" : "false")}}
            param alertEmails = ['ops@example.com']
            {{extraParameters}}

            """);
        var snapshot = await BicepCli.RunAsync("snapshot", parameters, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--resource-group", resourceGroup, "--location", "westeurope",
            "--tenant-id", "99999999-9999-9999-9999-999999999999");
        Assert.True(snapshot.ExitCode == 0, snapshot.ToString());
        return new DeploymentSnapshot(JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(parameters, ".snapshot.json"))));
    }
}

[CollectionDefinition(Name)]
public sealed class BicepDeployments : ICollectionFixture<BicepFixture>
{
    public const string Name = "bicep";
}
