using Dapr.Client;
using LbAcme.Core.Dapr;
using LbAcme.DaprDouble;
using Xunit;
using Daprd = LbAcme.DaprDouble.DaprDouble;

namespace LbAcme.Sidecar.Tests.DaprDouble;

/// <summary>
/// Subscriptions and components found the two ways daprd finds them: resource files (scoped to the app id) and the
/// app's GET /dapr/subscribe; a delivery goes to the route so found.
/// </summary>
public sealed class DiscoveryTests : IDisposable
{
    private readonly string _resources = Directory.CreateTempSubdirectory("lbacme-dapr-resources-").FullName;

    [Fact]
    public async Task Declarative_subscriptions_apply_only_to_the_app_ids_in_their_scopes()
    {
        Write("pubsub.yaml", Component(DaprNames.PubSub, "pubsub.azure.servicebus.topics"));
        Write("subscription.yaml", $"""
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata:
              name: {DaprNames.Subscription}
            spec:
              pubsubname: {DaprNames.PubSub}
              topic: {DaprNames.Topic}
              routes:
                rules:
                  - match: event.type == "never evaluated"
                    path: /cel-only
                default: {DaprNames.EventRoute}
            scopes:
              - {DaprNames.AppId("lb1")}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Subscription
            metadata:
              name: other-lb
            spec:
              pubsubname: {DaprNames.PubSub}
              topic: other-topic
              route: /other
            scopes:
              - {DaprNames.AppId("lb2")}
            """);
        await using var app = await EventApp.StartAsync(_ => (200, """{"status":"SUCCESS"}"""));
        await using var lb1 = await Daprd.StartAsync(DeliveryTests.Options(app) with { ResourcesPath = _resources });
        await using var lb2 = await Daprd.StartAsync(DeliveryTests.Options(app) with { ResourcesPath = _resources, AppId = DaprNames.AppId("lb2") });

        var lb1Subscriptions = await lb1.DiscoverAsync();
        var lb2Subscriptions = await lb2.DiscoverAsync();
        var delivered = await lb1.PublishAsync(DaprNames.PubSub, DaprNames.Topic, DeliveryTests.Event());

        var only = Assert.Single(lb1Subscriptions);
        Assert.Equal((DaprNames.Topic, DaprNames.EventRoute), (only.Topic, only.Route));
        Assert.Equal(("other-topic", "/other"), (Assert.Single(lb2Subscriptions).Topic, lb2Subscriptions[0].Route));
        Assert.Equal(DeliveryStatus.Success, delivered.Status);
        Assert.Equal(DaprNames.EventRoute, Assert.Single(app.Received).Path);
    }

    [Fact]
    public async Task A_subscription_on_a_pubsub_daprd_did_not_load_is_ignored()
    {
        Write("subscription.yaml", $"""
            apiVersion: dapr.io/v1alpha1
            kind: Subscription
            metadata:
              name: elsewhere
            spec:
              pubsubname: not-loaded
              topic: {DaprNames.Topic}
              route: /elsewhere
            """);
        await using var app = await EventApp.StartAsync(_ => (200, ""));
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app) with { ResourcesPath = _resources });

        Assert.Empty(await daprd.DiscoverAsync());
    }

    [Fact]
    public async Task Programmatic_subscriptions_come_from_the_apps_subscribe_route()
    {
        var subscribe = $$$"""
            [{"pubsubname":"{{{DaprNames.PubSub}}}","topic":"{{{DaprNames.Topic}}}",
              "routes":{"rules":[{"match":"event.type == 'x'","path":"/cel"}],"default":"/programmatic"}}]
            """;
        await using var app = await EventApp.StartAsync(_ => (200, ""), subscribe);
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));

        var found = Assert.Single(await daprd.DiscoverAsync());
        var delivered = await daprd.PublishAsync(DaprNames.PubSub, DaprNames.Topic, DeliveryTests.Event());

        Assert.Equal("/programmatic", found.Route);
        Assert.Equal("/cel", Assert.Single(found.Rules).Path);
        Assert.Equal(DeliveryStatus.Success, delivered.Status);
        Assert.Equal("/programmatic", Assert.Single(app.Received).Path);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    public async Task An_app_without_programmatic_subscriptions_has_none(string? subscribe)
    {
        await using var app = await EventApp.StartAsync(_ => (200, ""), subscribe);
        await using var daprd = await Daprd.StartAsync(DeliveryTests.Options(app));

        Assert.Empty(await daprd.DiscoverAsync());
    }

    [Fact]
    public async Task A_secret_store_component_in_the_resources_path_is_served()
    {
        Write("secretstore.yaml", Component("vault-from-yaml", "secretstores.azure.keyvault"));
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions { ResourcesPath = _resources, SecretStores = [] });
        daprd.SetSecret("vault-from-yaml", "web-lb1", "PEM");
        using var client = new DaprClientBuilder().UseGrpcEndpoint(daprd.GrpcEndpoint.ToString()).Build();

        var secret = await client.GetSecretAsync("vault-from-yaml", "web-lb1");

        Assert.Equal("PEM", secret["web-lb1"]);
    }

    [Fact]
    public async Task A_missing_secret_in_a_Key_Vault_component_fails_with_the_Azure_SDKs_error_inside_daprds()
    {
        Write("secretstore.yaml", Component(DaprNames.SecretStore, "secretstores.azure.keyvault"));
        await using var daprd = await Daprd.StartAsync(new DaprDoubleOptions { ResourcesPath = _resources, SecretStores = [] });
        using var client = new DaprClientBuilder().UseGrpcEndpoint(daprd.GrpcEndpoint.ToString()).Build();

        var failure = await Assert.ThrowsAsync<global::Dapr.DaprException>(() =>
            client.GetSecretAsync(DaprNames.SecretStore, "web-lb1", new Dictionary<string, string> { ["version_id"] = "v9" }));

        var status = Assert.IsType<Grpc.Core.RpcException>(failure.InnerException).Status;
        Assert.Equal(Grpc.Core.StatusCode.Internal, status.StatusCode);
        Assert.StartsWith($"failed getting secret with key web-lb1 from secret store {DaprNames.SecretStore}: GET https://lbacme-kv.vault.azure.net/secrets/web-lb1/v9\n", status.Detail, StringComparison.Ordinal);
        Assert.Contains("RESPONSE 404: 404 Not Found", status.Detail, StringComparison.Ordinal);
        Assert.Contains("ERROR CODE: SecretNotFound", status.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_resources, recursive: true);

    private void Write(string file, string yaml) => File.WriteAllText(Path.Combine(_resources, file), yaml);

    private static string Component(string name, string type) => $"""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
        spec:
          type: {type}
          version: v1
          metadata:
            - name: vaultName
              value: lbacme-kv
        """;
}
