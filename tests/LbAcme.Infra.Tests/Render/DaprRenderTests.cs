using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;
using YamlDotNet.RepresentationModel;

namespace LbAcme.Infra.Tests.Render;

/// <summary>
/// <c>render dapr</c> writes, for one LB, the Dapr resources its daprd loads and daprd's flags, from the fleet file and
/// the Bicep outputs: exact content, what changes between LBs, events off, and every refusal naming its key.
/// </summary>
public sealed class DaprRenderTests : IDisposable
{
    private const string Header = "# Rendered by 'lb-sidecar render dapr --lb lb1' from the fleet description. Do not edit: change fleet.json and render again.\n";

    private readonly DaprFleet _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task The_secret_store_names_the_vault_and_the_identity_and_is_scoped_to_the_LB()
    {
        var files = await _fleet.RenderFilesAsync("lb1");

        Assert.Equal(Header + $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: "lbacme-certificates"
            spec:
              type: secretstores.azure.keyvault
              version: v1
              metadata:
                - name: vaultName
                  value: "{{DaprFleet.VaultName}}"
                - name: azureClientId
                  value: "{{DaprFleet.ClientId}}"
            scopes:
              - "lb-sidecar-lb1"

            """, files["secretstore.yaml"]);
    }

    [Fact]
    public async Task The_pubsub_receives_from_the_LBs_own_subscription_without_managing_entities()
    {
        var files = await _fleet.RenderFilesAsync("lb1");

        Assert.Equal(Header + $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata:
              name: "lbacme-events"
            spec:
              type: pubsub.azure.servicebus.topics
              version: v1
              metadata:
                - name: namespaceName
                  value: "{{DaprFleet.ServiceBusHost}}"
                - name: consumerID
                  value: "lb1"
                - name: disableEntityManagement
                  value: "true"
                - name: azureClientId
                  value: "{{DaprFleet.ClientId}}"
            scopes:
              - "lb-sidecar-lb1"

            """, files["pubsub.yaml"]);
    }

    [Fact]
    public async Task The_subscription_routes_every_event_of_the_topic_to_the_event_route()
    {
        var files = await _fleet.RenderFilesAsync("lb1");

        Assert.Equal(Header + """
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata:
              name: "lbacme-certificate-versions"
            spec:
              pubsubname: "lbacme-events"
              topic: "certificate-versions"
              routes:
                default: "/dapr/events/certificate-version"
            scopes:
              - "lb-sidecar-lb1"

            """, files["subscription.yaml"]);
    }

    [Fact]
    public async Task Daprd_listens_on_loopback_only_and_reads_the_rendered_components()
    {
        var files = await _fleet.RenderFilesAsync("lb1");

        Assert.Equal(Header + $"""
            # systemd EnvironmentFile for daprd: ExecStart=/usr/bin/daprd $DAPRD_FLAGS
            # DAPR_API_TOKEN and APP_API_TOKEN come from a separate EnvironmentFile (mode 0600), shared with lb-sidecar.
            DAPRD_FLAGS=--app-id lb-sidecar-lb1 --app-port 31082 --app-protocol http --app-channel-address 127.0.0.1 --dapr-listen-addresses 127.0.0.1 --dapr-grpc-port 50001 --dapr-http-port 3500 --dapr-internal-grpc-listen-address 127.0.0.1 --enable-metrics=false --resources-path {_fleet.Components} --log-as-json

            """, files["daprd.env"]);
        Assert.Equal(["daprd.env", "pubsub.yaml", "secretstore.yaml", "subscription.yaml"], files.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_ports_follow_the_sidecars_Dapr_options()
    {
        _fleet.Dapr["GrpcEndpoint"] = "http://127.0.0.1:50101";
        _fleet.Dapr["AppPort"] = 31182;

        var flags = (await _fleet.RenderFilesAsync("lb0"))["daprd.env"];

        Assert.Contains(" --app-port 31182 ", flags, StringComparison.Ordinal);
        Assert.Contains(" --dapr-grpc-port 50101 ", flags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_LBs_differ_only_in_app_id_scopes_consumer_id_and_header()
    {
        var lb0 = await _fleet.RenderFilesAsync("lb0");
        var lb2 = await _fleet.RenderFilesAsync("lb2");

        foreach (var name in lb0.Keys)
        {
            var differing = lb0[name].Split('\n').Zip(lb2[name].Split('\n')).Where(p => p.First != p.Second).ToList();
            var expected = name switch
            {
                "pubsub.yaml" => new[] { ("# Rendered by 'lb-sidecar render dapr --lb lb0'", "# Rendered by 'lb-sidecar render dapr --lb lb2'"), ("      value: \"lb0\"", "      value: \"lb2\""), ("  - \"lb-sidecar-lb0\"", "  - \"lb-sidecar-lb2\"") },
                "daprd.env" => [("# Rendered by 'lb-sidecar render dapr --lb lb0'", "# Rendered by 'lb-sidecar render dapr --lb lb2'"), ("DAPRD_FLAGS=--app-id lb-sidecar-lb0 ", "DAPRD_FLAGS=--app-id lb-sidecar-lb2 ")],
                _ => [("# Rendered by 'lb-sidecar render dapr --lb lb0'", "# Rendered by 'lb-sidecar render dapr --lb lb2'"), ("  - \"lb-sidecar-lb0\"", "  - \"lb-sidecar-lb2\"")],
            };
            Assert.Equal(lb0[name].Split('\n').Length, lb2[name].Split('\n').Length);
            Assert.Equal(expected.Length, differing.Count);
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.StartsWith(expected[i].Item1, differing[i].First, StringComparison.Ordinal);
                Assert.StartsWith(expected[i].Item2, differing[i].Second, StringComparison.Ordinal);
            }
        }
        Assert.Contains($"value: \"{DaprNames.ServiceBusSubscription("lb2")}\"", lb2["pubsub.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_resource_parses_as_YAML_with_the_shape_daprd_reads()
    {
        var files = await _fleet.RenderFilesAsync("lb2");

        foreach (var name in new[] { "secretstore.yaml", "pubsub.yaml", "subscription.yaml" })
        {
            var root = Parse(files[name]);
            Assert.Equal(["lb-sidecar-lb2"], ((YamlSequenceNode)root["scopes"]).Select(n => ((YamlScalarNode)n).Value));
            Assert.StartsWith("dapr.io/", Scalar(root, "apiVersion"), StringComparison.Ordinal);
        }
        var secretStore = Parse(files["secretstore.yaml"]);
        Assert.Equal(DaprNames.SecretStore, Scalar((YamlMappingNode)secretStore["metadata"], "name"));
        Assert.Equal(
            new Dictionary<string, string> { ["vaultName"] = DaprFleet.VaultName, ["azureClientId"] = DaprFleet.ClientId },
            Metadata(secretStore));
        var pubsub = Parse(files["pubsub.yaml"]);
        Assert.Equal(DaprNames.PubSub, Scalar((YamlMappingNode)pubsub["metadata"], "name"));
        Assert.Equal(
            new Dictionary<string, string> { ["namespaceName"] = DaprFleet.ServiceBusHost, ["consumerID"] = "lb2", ["disableEntityManagement"] = "true", ["azureClientId"] = DaprFleet.ClientId },
            Metadata(pubsub));
        var subscription = Parse(files["subscription.yaml"]);
        var spec = (YamlMappingNode)subscription["spec"];
        Assert.Equal("Subscription", Scalar(subscription, "kind"));
        Assert.Equal(DaprNames.Subscription, Scalar((YamlMappingNode)subscription["metadata"], "name"));
        Assert.Equal(DaprNames.PubSub, Scalar(spec, "pubsubname"));
        Assert.Equal(DaprNames.Topic, Scalar(spec, "topic"));
        Assert.Equal(DaprNames.EventRoute, Scalar((YamlMappingNode)spec["routes"], "default"));
    }

    [Fact]
    public async Task Without_a_client_id_the_components_use_the_VMs_own_identity()
    {
        _fleet.Dapr.Remove("AzureClientId");

        var files = await _fleet.RenderFilesAsync("lb0");

        Assert.All(files.Values, text => Assert.DoesNotContain("azureClientId", text, StringComparison.Ordinal));
        Assert.Equal(new Dictionary<string, string> { ["vaultName"] = DaprFleet.VaultName }, Metadata(Parse(files["secretstore.yaml"])));
    }

    [Fact]
    public async Task With_events_off_only_the_secret_store_is_written_stale_event_files_are_removed_and_daprd_has_no_app_port()
    {
        await _fleet.RenderFilesAsync("lb0");
        _fleet.Dapr["Events"] = false;
        _fleet.Dapr.Remove("ServiceBusNamespace");

        var result = await _fleet.RenderAsync("lb0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["secretstore.yaml"], Directory.GetFiles(_fleet.Components).Select(Path.GetFileName));
        Assert.Contains("events off (Sidecar:CertificateSync:Dapr:Events=false): no pubsub.yaml or subscription.yaml", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"removed {Path.Combine(_fleet.Components, "pubsub.yaml")}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"removed {Path.Combine(_fleet.Components, "subscription.yaml")}", result.StandardOutput, StringComparison.Ordinal);
        var flags = Assert.Single(await File.ReadAllLinesAsync(_fleet.Flags), l => l.StartsWith("DAPRD_FLAGS=", StringComparison.Ordinal)) + " ";
        Assert.DoesNotContain("--app-port", flags, StringComparison.Ordinal);
        Assert.DoesNotContain("--app-channel-address", flags, StringComparison.Ordinal);
        Assert.Contains("--dapr-listen-addresses 127.0.0.1 ", flags, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_files_are_private_to_their_owner()
    {
        await _fleet.RenderFilesAsync("lb0");

        foreach (var file in Directory.GetFiles(_fleet.Components).Append(_fleet.Flags))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "Store", "\"keyvault\"", "Sidecar:CertificateSync:Store: 'keyvault'; render dapr writes the components of the \"dapr\" store" },
        { "KeyVault", """{ "Uri": "https://vault.example.net/" }""", "Sidecar:CertificateSync:KeyVault:Uri: 'https://vault.example.net/' is not a Key Vault URI" },
        { "KeyVault", """{ "Uri": "http://lbacme-kv-abc123.vault.azure.net/" }""", "Sidecar:CertificateSync:KeyVault:Uri: 'http://lbacme-kv-abc123.vault.azure.net/' is not a Key Vault URI" },
        { "KeyVault", "{}", "Sidecar:CertificateSync:KeyVault:Uri: required" },
        { "Dapr:ServiceBusNamespace", "\"\"", "Sidecar:CertificateSync:Dapr:ServiceBusNamespace: required while Sidecar:CertificateSync:Dapr:Events is on" },
        { "Dapr:ServiceBusNamespace", "\"https://lbacme-sb.servicebus.windows.net:443/\"", "Sidecar:CertificateSync:Dapr:ServiceBusNamespace: 'https://lbacme-sb.servicebus.windows.net:443/' is not a host name" },
        { "Dapr:GrpcEndpoint", "\"http://10.0.0.5:50001\"", "Sidecar:CertificateSync:Dapr:GrpcEndpoint: 'http://10.0.0.5:50001/' must be http://127.0.0.1:PORT" },
        { "Dapr:AppPort", "50001", "Sidecar:CertificateSync:Dapr:AppPort: 50001 is one of daprd's own ports" },
        { "Dapr:AzureClientId", "\"lb0-identity\"", "Sidecar:CertificateSync:Dapr:AzureClientId: 'lb0-identity' is not a client id" },
        { "Dapr:SecretStore", "\"Certificates Store\"", "Sidecar:CertificateSync:Dapr:SecretStore: 'Certificates Store' is not a component name" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_configuration_render_dapr_cannot_serve_is_refused_naming_its_key(string key, string json, string error)
    {
        var parts = key.Split(':');
        var parent = parts.Length == 1 ? _fleet.Sync : _fleet.Dapr;
        parent[parts[^1]] = JsonNode.Parse(json);

        var result = await _fleet.RenderAsync("lb0");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(error, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_fleet.Out));
    }

    [Fact]
    public async Task An_LB_outside_the_fleet_is_refused()
    {
        var result = await _fleet.RenderAsync("lb9");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--lb: 'lb9' is not in Fleet:LoadBalancers (lb0, lb1, lb2)", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_fleet.Out));
    }

    [Fact]
    public async Task Without_an_output_directory_nothing_is_rendered()
    {
        var result = await SidecarCli.RunAsync("render", "dapr", "--lb", "lb0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.StandardError, StringComparison.Ordinal);
    }

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    private static Dictionary<string, string> Metadata(YamlMappingNode component) =>
        ((YamlSequenceNode)((YamlMappingNode)component["spec"])["metadata"]).Cast<YamlMappingNode>()
            .ToDictionary(m => Scalar(m, "name"), m => Scalar(m, "value"));
}
