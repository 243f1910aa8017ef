using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LbAcme.Core.Dapr;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// The app port of a real lb-sidecar process (<see cref="DaprSidecar"/>): bound to 127.0.0.1 only, answers daprd's
/// discovery, takes an event for this LB by reading the store once more, answers every malformed event DROP while
/// :80 and the metrics keep serving, and stays open across a SIGHUP (closed by one that turns events off).
/// </summary>
[Collection(DaprEventsGroup.Name)]
public sealed class AppPortProcessTests : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task The_app_port_listens_on_127_0_0_1_only()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.1");

        Assert.True(DaprSidecar.Listening(IPAddress.Loopback, lb.AppPort));
        Assert.False(DaprSidecar.Listening(lb.Address, lb.AppPort)); // the LB's own address: nothing there
        Assert.False(DaprSidecar.Listening(IPAddress.Parse("127.0.0.2"), lb.AppPort));
        // The kernel's table: one listening socket on the app port, 127.0.0.1 (0100007F), none on any address.
        var listening = (await File.ReadAllLinesAsync("/proc/net/tcp")).Concat(await File.ReadAllLinesAsync("/proc/net/tcp6"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A" && f[1].EndsWith(":" + lb.AppPort.ToString("X4", CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(f => f[1])
            .ToList();
        Assert.Equal([$"0100007F:{lb.AppPort:X4}"], listening);
        using var discovery = await _http.GetAsync(lb.AppUri(DaprNames.SubscribeRoute));
        Assert.Equal("[]", await discovery.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_event_for_this_LB_reads_the_store_once_more_and_one_for_another_does_not()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.2");
        Assert.Equal(1, lb.Reads);

        Assert.Equal("SUCCESS", await PostAsync(lb, KeyVaultEvents.CloudEvent("lbacme-lb1").ToJsonString()));
        Assert.Equal("SUCCESS", await PostAsync(lb, KeyVaultEvents.CloudEvent(DaprSidecar.SecretName).ToJsonString()));
        await DaprSidecar.WaitForAsync(() => lb.Reads >= 2, "the woken round's read", lb);

        var metrics = await _http.GetStringAsync(lb.Process.MetricsUri);
        Assert.Equal(1, Series(metrics, "lbacme_sidecar_certificate_events_total{outcome=\"woke\"}"));
        Assert.Equal(1, Series(metrics, "lbacme_sidecar_certificate_events_total{outcome=\"not_ours\"}"));
        Assert.Equal(2, lb.Reads);
    }

    [Fact]
    public async Task Malformed_events_are_answered_DROP_and_the_sidecar_keeps_serving()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.3");
        var malformed = KeyVaultEvents.Malformed(DaprSidecar.SecretName).ToList();
        var tooLarge = KeyVaultEvents.CloudEvent(DaprSidecar.SecretName);
        tooLarge["padding"] = new string('x', 70 * 1024);
        malformed.Add(("over 64 KiB", tooLarge.ToJsonString()));

        foreach (var (what, body) in malformed)
        {
            Assert.True(await PostAsync(lb, body) == "DROP", what);
        }
        Assert.Equal("DROP", await PostAsync(lb, KeyVaultEvents.CloudEvent(DaprSidecar.SecretName).ToJsonString(), "text/plain"));
        await RawGarbageAsync(lb.AppPort);

        Assert.False(lb.Process.HasExited);
        using var challenge = await _http.GetAsync(lb.Process.PublicUri($"/.well-known/acme-challenge/{DaprSidecar.Token}"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(DaprSidecar.Token + ".thumbprint", await challenge.Content.ReadAsStringAsync());
        var metrics = await _http.GetStringAsync(lb.Process.MetricsUri);
        Assert.Equal(malformed.Count + 1, Series(metrics, "lbacme_sidecar_certificate_events_total{outcome=\"dropped\"}"));
        Assert.Equal(0, Series(metrics, "lbacme_sidecar_certificate_events_total{outcome=\"woke\"}"));
        Assert.Equal(1, lb.Reads);
        // And it still takes a good one.
        Assert.Equal("SUCCESS", await PostAsync(lb, KeyVaultEvents.CloudEvent(DaprSidecar.SecretName).ToJsonString()));
    }

    [Fact]
    public async Task The_app_port_stays_open_across_a_reload_and_closes_when_events_are_turned_off()
    {
        await using var lb = await DaprSidecar.StartAsync("127.0.17.4");

        Assert.True(await lb.ReloadAsync());
        Assert.Equal("SUCCESS", await PostAsync(lb, KeyVaultEvents.CloudEvent(DaprSidecar.SecretName).ToJsonString()));
        await DaprSidecar.WaitForAsync(() => lb.Reads >= 3, "the reloaded generation's start round and the woken one", lb);

        lb.Rewrite(events: false);
        Assert.True(await lb.ReloadAsync());
        Assert.False(DaprSidecar.Listening(IPAddress.Loopback, lb.AppPort));
        using var challenge = await _http.GetAsync(lb.Process.PublicUri($"/.well-known/acme-challenge/{DaprSidecar.Token}"));
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
    }

    private async Task<string> PostAsync(DaprSidecar lb, string body, string contentType = "application/cloudevents+json")
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await DaprAppListenerTests.StatusOfAsync(await _http.PostAsync(lb.AppUri(DaprNames.EventRoute), content));
    }

    /// <summary>Bytes that are not HTTP, then a request line past Kestrel's limits: the connection is closed, nothing else.</summary>
    private static async Task RawGarbageAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync("\u0016\u0003\u0001\u0000\u00a5garbage\r\n\r\n"u8.ToArray());
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
        {
        }
    }

    private static double Series(string metrics, string series)
    {
        var line = metrics.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}

/// <summary>Sidecar processes with a Dapr double each: not in parallel with each other or the other process tests' collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DaprEventsGroup
{
    public const string Name = "dapr events";
}
