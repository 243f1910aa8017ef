using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Azure.Storage.Blobs;
using LbAcme.LocalEnvironment;

namespace LbAcme.Functions.Tests.Status;

/// <summary>
/// `LbAcme.Functions local --serve` as a process over Azurite: it says where it serves, answers the status as JSON and
/// as the page, runs the probe and enqueues renewals through the same function classes, stops on SIGTERM, and
/// refuses to serve anywhere but loopback.
/// </summary>
public sealed class ServeTests : IAsyncLifetime
{
    private const string Container = "lb-acme";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private AzuriteFixture _azurite = null!;
    private int _httpsPort;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync(withQueue: true);
        // The deployment creates the shared container (the stand-in host creates only the queues).
        await new BlobContainerClient(_azurite.ConnectionString, Container).CreateIfNotExistsAsync();
        _httpsPort = FreePort.Next(); // nothing listens there: the probe finds lb0 unreachable
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task The_stand_in_host_serves_the_status_the_page_the_probe_and_renew_then_stops_on_SIGTERM()
    {
        await using var server = await StatusServer.StartAsync(Settings(), timer: false, Timeout);
        using var http = new HttpClient { BaseAddress = server.StatusUrl, Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal(IPAddress.Loopback.ToString(), server.StatusUrl.Host);

        var before = await GetJsonAsync(http);
        var lb0 = Assert.Single(before.GetProperty("loadBalancers").EnumerateArray());
        Assert.Equal("lb0", lb0.GetProperty("lb").GetString());
        Assert.Equal("rolling_out", lb0.GetProperty("state").GetString()); // nothing issued yet
        Assert.Equal(JsonValueKind.Null, before.GetProperty("probe").ValueKind);

        using (var probe = await http.PostAsync(new Uri("/api/probe", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
            var report = JsonDocument.Parse(await probe.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains(report.GetProperty("observations").EnumerateArray(), o => o.GetProperty("error").ValueKind == JsonValueKind.String);
        }

        var after = await GetJsonAsync(http);
        Assert.Equal("unreachable", after.GetProperty("state").GetString());
        var row = after.GetProperty("loadBalancers")[0].GetProperty("addresses")[0];
        Assert.Equal($"127.0.0.1:{_httpsPort.ToString(CultureInfo.InvariantCulture)}", row.GetProperty("address").GetString());

        using var page = new HttpRequestMessage(HttpMethod.Get, server.StatusUrl);
        page.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        using var pageResponse = await http.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal("text/html", pageResponse.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", pageResponse.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", pageResponse.Headers.GetValues("X-Content-Type-Options").Single());
        using var reader = XmlReader.Create(new StringReader(await pageResponse.Content.ReadAsStringAsync()), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var address = Assert.Single(XDocument.Load(reader).Descendants("tr"), r => (string?)r.Attribute("class") == "address");
        Assert.Equal("unreachable", (string?)address.Attribute("data-state"));

        using (var unknown = await http.PostAsync(new Uri("/api/renew/lb9", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var renew = await http.PostAsync(new Uri("/api/renew/lb0", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, renew.StatusCode);
            Assert.Equal("/api/status", renew.Headers.Location?.ToString());
        }

        Assert.Equal(0, await server.StopAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://192.0.2.1:8080")]
    [InlineData("http://[::]:8080")]
    [InlineData("http://example.com:8080")]
    [InlineData("https://127.0.0.1:8080")]
    public async Task Serving_beyond_loopback_is_refused_with_exit_2(string address)
    {
        var run = await Command.RunAsync(SidecarProcess.DotnetHost,
            [Path.Combine(AppContext.BaseDirectory, "LbAcme.Functions.dll"), "local", "--serve", address, .. Settings().Select(s => $"--{s.Key}={s.Value}")], Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--serve", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", run.StandardOutput, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Fleet:Names:0"] = "svc.example",
        ["Fleet:AcmeDirectoryUrl"] = "https://127.0.0.1:9/dir",
        ["Fleet:LoadBalancers:0:Name"] = "lb0",
        ["Fleet:LoadBalancers:0:Address"] = "127.0.0.1",
        ["Fleet:HaProxy:Service:HttpsPort"] = _httpsPort.ToString(CultureInfo.InvariantCulture),
        ["Store:ConnectionString"] = _azurite.ConnectionString,
        ["Store:Container"] = Container,
        ["RenewalQueue"] = _azurite.ConnectionString,
        ["RenewalSchedule"] = "0 17 * * * *",
    };
}
