using System.Text.Json;
using System.Text.RegularExpressions;
using LbAcme.Core.Dapr;
using LbAcme.Core.Fleet;
using LbAcme.Infra.Tests.Tools;

namespace LbAcme.Infra.Tests.Bicep;

/// <summary>
/// certificateEvents: off, nothing of it is deployed and its outputs are empty; on, the vault's new-version events
/// reach each LB's own Service Bus subscription filtered to exactly the secrets lb-access lets that LB read, with the
/// names lb-sidecar and daprd use (Core's DaprNames), and the identities hold only send on the topic and receive on
/// their own subscription.
/// </summary>
[Collection(BicepDeployments.Name)]
public sealed partial class CertificateEventsTests(BicepFixture fixture)
{
    private const string Namespaces = "Microsoft.ServiceBus/namespaces";
    private const string Topics = "Microsoft.ServiceBus/namespaces/topics";
    private const string Subscriptions = "Microsoft.ServiceBus/namespaces/topics/subscriptions";
    private const string Rules = "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules";
    private const string SystemTopics = "Microsoft.EventGrid/systemTopics";
    private const string EventSubscriptions = "Microsoft.EventGrid/systemTopics/eventSubscriptions";
    private static readonly string[] Certificates = ["default", "api", "web"];

    private DeploymentSnapshot On => fixture.Events;

    [Fact]
    public void Off_deploys_no_Service_Bus_or_Event_Grid_and_the_outputs_are_empty()
    {
        foreach (var snapshot in new[] { fixture.Flex, fixture.Dedicated, fixture.Recovered, fixture.Certificates })
        {
            Assert.DoesNotContain(snapshot.Resources, r => DeploymentSnapshot.Type(r).StartsWith("Microsoft.ServiceBus/", StringComparison.Ordinal) || DeploymentSnapshot.Type(r).StartsWith("Microsoft.EventGrid/", StringComparison.Ordinal));
            Assert.DoesNotContain(snapshot.RoleAssignments, a => a.Role is RoleIds.ServiceBusDataSender or RoleIds.ServiceBusDataReceiver);
            Assert.Equal("", snapshot.Outputs.GetProperty("serviceBusNamespaceHost").GetString());
            Assert.Equal("", snapshot.Outputs.GetProperty("certificateEventsTopic").GetString());
        }
    }

    [Fact]
    public void On_the_namespace_is_Standard_keyless_and_TLS_1_2_with_one_topic_named_as_Dapr_names_it()
    {
        var ns = On.One(Namespaces);
        var properties = ns.GetProperty("properties");

        Assert.Equal("Standard", ns.GetProperty("sku").GetProperty("name").GetString());
        Assert.True(properties.GetProperty("disableLocalAuth").GetBoolean());
        Assert.Equal("1.2", properties.GetProperty("minimumTlsVersion").GetString());
        Assert.Equal($"{DeploymentSnapshot.Name(ns)}/{DaprNames.Topic}", DeploymentSnapshot.Name(On.One(Topics)));
        Assert.Equal(DaprNames.Topic, On.Outputs.GetProperty("certificateEventsTopic").GetString());
        // The host is known only once the namespace exists: the output reads it from the namespace's endpoint.
        var host = On.Outputs.GetProperty("serviceBusNamespaceHost").GetString()!;
        Assert.Contains($"/providers/Microsoft.ServiceBus/namespaces/{DeploymentSnapshot.Name(ns)}'", host, StringComparison.Ordinal);
        Assert.Contains(".serviceBusEndpoint", host, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_LB_has_one_subscription_named_as_its_daprd_consumer_id()
    {
        var topic = DeploymentSnapshot.Name(On.One(Topics));

        Assert.Equal(
            BicepFixture.Lbs.Select(lb => $"{topic}/{DaprNames.ServiceBusSubscription(lb)}").Order(StringComparer.Ordinal),
            On.OfType(Subscriptions).Select(DeploymentSnapshot.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("lb0")]
    [InlineData("lb1")]
    [InlineData("lb2")]
    public void An_LBs_subscription_keeps_only_its_own_certificate_secrets_the_ones_it_may_read(string lb)
    {
        var topic = DeploymentSnapshot.Name(On.One(Topics));
        var rules = On.OfType(Rules).Where(r => DeploymentSnapshot.Name(r).StartsWith($"{topic}/{lb}/", StringComparison.Ordinal)).ToList();

        // Exactly one rule, replacing the $Default (match-all) rule a new subscription starts with.
        var rule = Assert.Single(rules);
        Assert.Equal($"{topic}/{lb}/$Default", DeploymentSnapshot.Name(rule));
        var properties = rule.GetProperty("properties");
        Assert.Equal("SqlFilter", properties.GetProperty("filterType").GetString());
        var match = InFilter().Match(properties.GetProperty("sqlFilter").GetProperty("sqlExpression").GetString()!);
        Assert.True(match.Success, properties.ToString());
        Assert.Equal(DaprNames.ObjectNameProperty, match.Groups["property"].Value);
        var names = match.Groups["name"].Captures.Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Certificates.Select(c => FleetCertificates.StoreName("lbacme", c, lb)).Order(StringComparer.Ordinal), names);
        // The same secrets lb-access grants this LB (Key Vault Secrets User, one assignment per secret).
        var readable = On.RoleAssignments
            .Where(a => a.PrincipalId == BicepFixture.PrincipalOf(lb) && a.Role == RoleIds.KeyVaultSecretsUser)
            .Select(a => a.Scope[(a.Scope.LastIndexOf('/') + 1)..])
            .Order(StringComparer.Ordinal);
        Assert.Equal(readable, names);
    }

    [Fact]
    public void The_vaults_new_version_events_go_to_the_topic_as_CloudEvents_with_the_object_name_as_a_property()
    {
        var vault = On.One("Microsoft.KeyVault/vaults");
        var systemTopic = On.One(SystemTopics);
        var subscription = On.One(EventSubscriptions).GetProperty("properties");
        var delivery = subscription.GetProperty("deliveryWithResourceIdentity");
        var destination = delivery.GetProperty("destination");
        var mapping = Assert.Single(destination.GetProperty("properties").GetProperty("deliveryAttributeMappings").EnumerateArray());

        Assert.Equal("Microsoft.KeyVault.vaults", systemTopic.GetProperty("properties").GetProperty("topicType").GetString());
        Assert.Equal(vault.GetProperty("id").GetString(), systemTopic.GetProperty("properties").GetProperty("source").GetString());
        Assert.Equal("SystemAssigned", systemTopic.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal([DaprNames.CertificateNewVersionCreated], subscription.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("CloudEventSchemaV1_0", subscription.GetProperty("eventDeliverySchema").GetString());
        Assert.Equal("SystemAssigned", delivery.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("ServiceBusTopic", destination.GetProperty("endpointType").GetString());
        Assert.Equal(On.One(Topics).GetProperty("id").GetString(), destination.GetProperty("properties").GetProperty("resourceId").GetString());
        Assert.Equal(DaprNames.ObjectNameProperty, mapping.GetProperty("name").GetString());
        Assert.Equal("Dynamic", mapping.GetProperty("type").GetString());
        Assert.Equal("data.ObjectName", mapping.GetProperty("properties").GetProperty("sourceField").GetString());
        Assert.True(subscription.GetProperty("retryPolicy").GetProperty("maxDeliveryAttempts").GetInt32() > 1);
        Assert.False(destination.GetProperty("properties").TryGetProperty("connectionString", out _));
    }

    [Fact]
    public void The_system_topic_may_only_send_to_the_topic_and_each_LB_only_receive_from_its_own_subscription()
    {
        var topicId = On.One(Topics).GetProperty("id").GetString()!;
        var systemTopic = DeploymentSnapshot.Name(On.One(SystemTopics));

        var sender = Assert.Single(On.RoleAssignments, a => a.Role == RoleIds.ServiceBusDataSender);
        Assert.Equal(topicId, sender.Scope);
        Assert.Contains($"/providers/Microsoft.EventGrid/systemTopics/{systemTopic}'", sender.PrincipalId, StringComparison.Ordinal);
        Assert.EndsWith(".identity.principalId]", sender.PrincipalId, StringComparison.Ordinal);

        var receivers = On.RoleAssignments.Where(a => a.Role == RoleIds.ServiceBusDataReceiver).Select(a => (a.PrincipalId, a.Scope)).Order().ToList();
        Assert.Equal(
            BicepFixture.Lbs.Select(lb => (BicepFixture.PrincipalOf(lb), $"{topicId}/subscriptions/{DaprNames.ServiceBusSubscription(lb)}")).Order().ToList(),
            receivers);
        Assert.All(On.RoleAssignments.Where(a => a.Role is RoleIds.ServiceBusDataSender or RoleIds.ServiceBusDataReceiver), a =>
        {
            Assert.Equal($"/subscriptions/{BicepFixture.SubscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{a.Role}", a.RoleDefinitionId);
            Assert.Null(a.Condition);
        });
        // Nothing on the namespace itself: that would reach every LB's subscription.
        var nsId = On.One(Namespaces).GetProperty("id").GetString()!;
        Assert.DoesNotContain(On.RoleAssignments, a => a.Scope == nsId);
    }

    [Fact]
    public void Turning_the_events_on_adds_only_the_event_path()
    {
        static IEnumerable<string> Ids(DeploymentSnapshot s) => s.Resources.Select(r => r.GetProperty("id").GetString()!);
        var added = Ids(On).Except(Ids(fixture.Certificates)).ToList();

        Assert.Empty(Ids(fixture.Certificates).Except(Ids(On)));
        Assert.All(added, id => Assert.Matches("/providers/Microsoft\\.(ServiceBus|EventGrid)/", id));
        Assert.Equal(1 + 1 + 3 + 3 + 1 + 1 + 1 + 3, added.Count);
    }

    [Fact]
    public async Task The_example_parameter_file_lints_and_builds_clean_with_the_events_on()
    {
        var path = Path.Combine(fixture.Directory, "main.events.bicepparam");
        var example = await File.ReadAllTextAsync(Path.Combine(fixture.Directory, "main.example.bicepparam"));
        Assert.Contains("param certificateEvents = false\n", example, StringComparison.Ordinal);
        await File.WriteAllTextAsync(path, example.Replace("param certificateEvents = false\n", "param certificateEvents = true\n", StringComparison.Ordinal));

        var lint = await BicepCli.RunAsync("lint", path);
        var build = await BicepCli.RunAsync("build-params", path, "--stdout");
        File.Delete(path);

        Assert.True(lint.ExitCode == 0 && (lint.StandardOutput + lint.StandardError).Trim().Length == 0, lint.ToString());
        Assert.True(build.ExitCode == 0 && build.StandardError.Trim().Length == 0, build.ToString());
        using var parameters = JsonDocument.Parse(JsonDocument.Parse(build.StandardOutput).RootElement.GetProperty("parametersJson").GetString()!);
        Assert.True(parameters.RootElement.GetProperty("parameters").GetProperty("certificateEvents").GetProperty("value").GetBoolean());
    }

    // objectName IN ('a', 'b'): the property, then each quoted name.
    [GeneratedRegex(@"^(?<property>[A-Za-z]+) IN \('(?<name>[a-z0-9-]+)'(?:, '(?<name>[a-z0-9-]+)')*\)$")]
    private static partial Regex InFilter();
}
