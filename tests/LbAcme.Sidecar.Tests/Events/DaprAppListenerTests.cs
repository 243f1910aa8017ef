using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LbAcme.Core.Dapr;
using Microsoft.Extensions.Logging;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// The app-port handler over real HTTP (<see cref="AppPortHost"/>): daprd's subscription discovery, an event for one
/// of this LB's certificates wakes the sync, one for another is taken without a wake, everything malformed is
/// answered DROP (so daprd never redelivers it) and counted, logged once per reason a minute.
/// </summary>
public sealed class DaprAppListenerTests : IAsyncLifetime
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private AppPortHost _host = null!;

    public async Task InitializeAsync() => _host = await AppPortHost.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Subscription_discovery_is_answered_with_no_programmatic_subscription()
    {
        using var response = await _http.GetAsync(new Uri(_host.Address, DaprNames.SubscribeRoute));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_event_for_each_of_this_LBs_certificates_wakes_the_sync_whatever_the_names_case()
    {
        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.CloudEvent("lbacme-lb0").ToJsonString()));
        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.Wrapped(KeyVaultEvents.EventGridEvent("LBACME-API-LB0")).ToJsonString(), "application/json"));

        Assert.Equal(2, _host.Wake.Requested);
        Assert.Equal(2, await _host.CounterAsync("lbacme_sidecar_certificate_events_total", "outcome", "woke"));
    }

    [Fact]
    public async Task An_event_for_another_LB_or_certificate_is_taken_without_a_wake()
    {
        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.CloudEvent("lbacme-lb1").ToJsonString()));
        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.CloudEvent("lbacme-lb0-old").ToJsonString()));

        Assert.Equal(0, _host.Wake.Requested);
        Assert.Equal(2, await _host.CounterAsync("lbacme_sidecar_certificate_events_total", "outcome", "not_ours"));
        Assert.All(_host.Log.Lines, l => Assert.Equal(LogLevel.Debug, l.Level));
    }

    [Fact]
    public async Task Every_malformed_body_is_answered_DROP_counted_and_never_wakes()
    {
        var malformed = KeyVaultEvents.Malformed("lbacme-lb0");
        foreach (var (what, body) in malformed)
        {
            Assert.True(await PostAsync(body) == "DROP", what);
        }

        Assert.Equal(0, _host.Wake.Requested);
        Assert.Equal(malformed.Count, await _host.CounterAsync("lbacme_sidecar_certificate_events_total", "outcome", "dropped"));
        // Still serving: a good event after all of them.
        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.CloudEvent("lbacme-lb0").ToJsonString()));
    }

    [Fact]
    public async Task A_body_of_another_content_type_is_dropped()
    {
        var body = KeyVaultEvents.CloudEvent("lbacme-lb0").ToJsonString();

        Assert.Equal("DROP", await PostAsync(body, "text/plain"));
        Assert.Equal("DROP", await PostAsync(body, contentType: null));
        Assert.Equal("SUCCESS", await PostAsync(body, "application/cloudevents+json; charset=utf-8"));
        Assert.Equal(2, await _host.CounterAsync("lbacme_sidecar_certificate_events_dropped_total", "reason", "content_type"));
    }

    [Fact]
    public async Task Bodies_up_to_64_KiB_are_read_past_the_sidecars_1_KiB_limit_and_larger_ones_dropped()
    {
        var padded = KeyVaultEvents.CloudEvent("lbacme-lb0");
        padded["padding"] = new string('x', 60 * 1024);
        var tooLarge = KeyVaultEvents.CloudEvent("lbacme-lb0");
        tooLarge["padding"] = new string('x', 64 * 1024);

        Assert.Equal("SUCCESS", await PostAsync(padded.ToJsonString()));
        Assert.Equal("DROP", await PostAsync(tooLarge.ToJsonString())); // Content-Length says so
        Assert.Equal("DROP", await PostChunkedAsync(tooLarge.ToJsonString())); // found while reading
        Assert.Equal("SUCCESS", await PostChunkedAsync(padded.ToJsonString()));

        Assert.Equal(2, await _host.CounterAsync("lbacme_sidecar_certificate_events_dropped_total", "reason", "too_large"));
        Assert.Equal(2, _host.Wake.Requested);
    }

    [Fact]
    public async Task Other_paths_and_methods_are_not_found()
    {
        using var getEvent = await _http.GetAsync(new Uri(_host.Address, DaprNames.EventRoute));
        using var postSubscribe = await _http.PostAsync(new Uri(_host.Address, DaprNames.SubscribeRoute), new StringContent("[]"));
        using var metrics = await _http.GetAsync(new Uri(_host.Address, "/metrics"));
        using var challenge = await _http.GetAsync(new Uri(_host.Address, "/.well-known/acme-challenge/abc"));

        Assert.All(new[] { getEvent, postSubscribe, metrics, challenge }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, _host.Wake.Requested);
    }

    [Fact]
    public async Task A_flood_of_one_kind_of_malformed_event_logs_one_warning_per_reason()
    {
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("DROP", await PostAsync("not json"));
            Assert.Equal("DROP", await PostAsync("""{"specversion":"1.0","type":"other"}"""));
        }

        var warnings = _host.Log.Lines.Where(l => l.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Message.Contains("(not_json)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Message.Contains("(wrong_type)", StringComparison.Ordinal));
        Assert.Equal(400, await _host.CounterAsync("lbacme_sidecar_certificate_events_total", "outcome", "dropped"));
    }

    [Fact]
    public async Task A_connection_cut_inside_the_body_leaves_the_listener_serving()
    {
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, _host.Address.Port);
            var head = $"POST {DaprNames.EventRoute} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/cloudevents+json\r\nContent-Length: 5000\r\n\r\n{{\"specversion\":";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        }

        Assert.Equal("SUCCESS", await PostAsync(KeyVaultEvents.CloudEvent("lbacme-lb0").ToJsonString()));
    }

    private async Task<string> PostAsync(string body, string? contentType = "application/cloudevents+json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        return await StatusOfAsync(await _http.PostAsync(new Uri(_host.Address, DaprNames.EventRoute), content));
    }

    private async Task<string> PostChunkedAsync(string body)
    {
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, DaprNames.EventRoute)) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        return await StatusOfAsync(await _http.SendAsync(request));
    }

    internal static async Task<string> StatusOfAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>();
        }
    }
}
