using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LbAcme.Functions;
using LbAcme.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// The custom handler as the Functions host drives it — readiness, POST /RenewalTimer with host-shaped
/// payloads (ScheduleStatus null and garbled too), the forwarded /api/renew and /api/status — over real HTTP,
/// with the real engine behind it.
/// </summary>
public sealed class HandlerContractTests : IAsyncLifetime
{
    private LocalFleet _fleet = null!;
    private WebApplication _handler = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _fleet = await LocalFleet.StartAsync();
        var port = FreePort.Next();
        var settings = _fleet.EngineSettings(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture) });
        _handler = HandlerApp.Build([], c => c.AddInMemoryCollection(settings));
        await _handler.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(3) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _handler.DisposeAsync();
        await _fleet.DisposeAsync();
    }

    [Fact]
    public async Task The_host_readiness_probe_gets_an_answer()
    {
        using var response = await _http.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_timer_invocation_with_a_null_ScheduleStatus_renews_the_fleet_and_answers_the_host_contract()
    {
        var payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
             "Metadata":{"sys":{"MethodName":"RenewalTimer","UtcNow":"2026-11-23T10:17:00Z","RandGuid":"5e3c3b0e-8c4e-4f1e-9d0a-1c2b3d4e5f60"}}}
            """;

        using var response = await PostJsonAsync("RenewalTimer", payload);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = body.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(3, logs.Count(l => l.Contains(": Renewed", StringComparison.Ordinal)));
        Assert.True(body.RootElement.TryGetProperty("Outputs", out _));
        Assert.Equal(3, body.RootElement.GetProperty("ReturnValue").GetProperty("outcomes").GetArrayLength());
    }

    [Fact]
    public async Task A_garbled_ScheduleStatus_is_logged_and_the_run_still_happens()
    {
        var payload = """{"Data":{"timer":{"ScheduleStatus":{"Last":"31/13/2026 99:99","Next":"?"},"IsPastDue":true}},"Metadata":{}}""";

        using var response = await PostJsonAsync("RenewalTimer", payload);
        var logs = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()!).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(logs, l => l.Contains("ScheduleStatus.Last", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains("past due", StringComparison.Ordinal));
        Assert.Equal(3, logs.Count(l => l.Contains(": Renewed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_payload_that_is_not_JSON_fails_the_invocation_with_a_reason()
    {
        using var response = await PostJsonAsync("RenewalTimer", "<xml/>");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_one_LB_by_HTTP_then_Status_shows_issued_and_last_attempt_per_LB()
    {
        using var renew = await _http.PostAsync(new Uri("/api/renew/lb1", UriKind.Relative), null);
        var report = JsonDocument.Parse(await renew.Content.ReadAsStringAsync()).RootElement;
        using var forcedAgain = await _http.PostAsync(new Uri("/api/renew/lb1?force=true", UriKind.Relative), null);
        using var unknown = await _http.PostAsync(new Uri("/api/renew/lb9", UriKind.Relative), null);
        var status = await _http.GetFromJsonAsync<JsonElement>(new Uri("/api/status", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, renew.StatusCode);
        Assert.Equal("lb1", report.GetProperty("outcomes")[0].GetProperty("lb").GetString());
        Assert.Equal(HttpStatusCode.OK, forcedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var rows = status.EnumerateArray().ToDictionary(r => r.GetProperty("lb").GetString()!);
        Assert.Equal(3, rows.Count);
        Assert.Equal(JsonValueKind.String, rows["lb1"].GetProperty("issuedSerial").ValueKind);
        Assert.Equal("Renewed", rows["lb1"].GetProperty("lastOutcome").GetString());
        Assert.Equal(JsonValueKind.Null, rows["lb0"].GetProperty("issuedSerial").ValueKind);
    }

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        _http.PostAsync(new Uri("/" + path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
}
