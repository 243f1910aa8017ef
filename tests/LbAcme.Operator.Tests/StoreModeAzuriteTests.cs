using System.Text.Json;
using Azure.Storage.Blobs;
using LbAcme.Core.Served;
using LbAcme.Core.Status;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Served;

namespace LbAcme.Operator.Tests;

/// <summary>Store mode against a real store (Azurite): the document the function's own status source builds, as a table and as JSON.</summary>
public sealed class StoreModeAzuriteTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        _config = Path.Combine(TestTools.NewScratchDirectory("operator"), "fleet.json");
        await File.WriteAllTextAsync(_config, """
            {
              "Fleet": {
                "Names": [ "svc.example" ],
                "AcmeDirectoryUrl": "https://127.0.0.1:14000/dir",
                "LoadBalancers": [ { "Name": "lb1", "Address": "127.0.200.1" }, { "Name": "lb2", "Address": "127.0.200.2" } ]
              },
              "RenewalSchedule": "0 17 * * * *"
            }
            """);
        foreach (var container in new[] { "lb-acme", "certificates" })
        {
            await new BlobContainerClient(_azurite.ConnectionString, container).CreateIfNotExistsAsync();
        }
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task The_store_gives_the_table_and_the_worst_state_as_exit_code()
    {
        // The probe's last report: lb1's address refused the handshake.
        var now = DateTimeOffset.UtcNow;
        await new BlobServedReportStore(new BlobContainerClient(_azurite.ConnectionString, "lb-acme")).SaveAsync(new ServedReport(now.AddSeconds(-2), now,
            [new ServedObservation("127.0.200.1:443", ServedAddressKind.Lb, "lb1", "lb1.svc.example", now, 3, "connection refused")]), CancellationToken.None);
        var environment = new Dictionary<string, string> { ["LBACME_STORE_CONNECTION_STRING"] = _azurite.ConnectionString };

        var table = await Command.RunAsync(environment, null, "status", "--config", _config);
        var json = await Command.RunAsync(environment, null, "status", "--config", _config, "--json");

        Assert.Empty(table.Error);
        var document = JsonSerializer.Deserialize(json.Output, StatusJson.Default.FleetStatusDocument)!;
        Assert.Equal(["lb1", "lb2"], document.LoadBalancers.Select(lb => lb.Lb));
        var address = Assert.Single(document.LoadBalancers[0].Addresses);
        Assert.Equal(CertificateState.Unreachable, address.State);
        Assert.Equal(2, table.ExitCode);
        Assert.Equal(table.ExitCode, json.ExitCode);
        // One row per name the probe asked there (each certificate name is its own SNI), all of them refused.
        var rows = table.Output.Split('\n').Where(l => l.Contains("127.0.200.1:443", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, row => Assert.Contains("unreachable", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains("connection refused", row, StringComparison.Ordinal));
        Assert.Contains(table.Output.Split('\n'), l => l.StartsWith("lb2 ", StringComparison.Ordinal));
        Assert.DoesNotContain(AzuriteFixture.DevAccountKey, table.All + json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_schedule_store_mode_is_unknown_and_says_so()
    {
        var file = Path.Combine(Path.GetDirectoryName(_config)!, "no-schedule.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(_config)).Replace("\"RenewalSchedule\": \"0 17 * * * *\"", "\"Other\": 1", StringComparison.Ordinal));

        var result = await Command.RunAsync(null, null, "status", "--config", file, "--store-connection-string", _azurite.ConnectionString);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("RenewalSchedule (--schedule or the config file)", result.Output, StringComparison.Ordinal);
    }
}
