using System.Net;
using System.Text;
using LbAcme.Core.Dapr;
using LbAcme.Sidecar.Events;
using Xunit;

namespace LbAcme.Sidecar.Tests.Events;

/// <summary>
/// With APP_API_TOKEN set, a call without daprd's token is answered 401: daprd treats that as retriable (Service Bus
/// redelivers and finally dead-letters the message), which keeps the events of a token mismatch for inspection
/// instead of dropping them; a stranger on the loopback learns nothing and wakes nothing.
/// </summary>
public sealed class AppApiTokenTests : IAsyncLifetime
{
    private const string Token = "app-token-0123456789";
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
    private AppPortHost _host = null!;

    public async Task InitializeAsync() => _host = await AppPortHost.StartAsync(Token);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("app-token-012345678")]
    [InlineData("app-token-0123456789x")]
    public async Task Without_the_right_token_an_event_is_refused_401_and_wakes_nothing(string? sent)
    {
        using var response = await PostAsync(sent, DaprNames.EventRoute);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.Wake.Requested);
        Assert.Equal(1, await _host.CounterAsync("lbacme_sidecar_certificate_events_total", "outcome", "unauthorized"));
    }

    [Fact]
    public async Task With_it_the_event_is_taken_and_discovery_answered()
    {
        Assert.Equal("SUCCESS", await DaprAppListenerTests.StatusOfAsync(await PostAsync(Token, DaprNames.EventRoute)));
        using var discovery = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Address, DaprNames.SubscribeRoute));
        discovery.Headers.Add(AppApiToken.Header, Token);
        using var answer = await _http.SendAsync(discovery);
        using var stranger = await _http.GetAsync(new Uri(_host.Address, DaprNames.SubscribeRoute));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        Assert.Equal(1, _host.Wake.Requested);
    }

    [Fact]
    public void Without_APP_API_TOKEN_every_call_is_taken()
    {
        var open = new AppApiToken(null);

        Assert.False(open.IsRequired);
        Assert.True(open.Allows(default));
        Assert.True(new AppApiToken(Token).Allows(Token));
        Assert.False(new AppApiToken(Token).Allows(new Microsoft.Extensions.Primitives.StringValues([Token, Token])));
    }

    private async Task<HttpResponseMessage> PostAsync(string? token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_host.Address, path))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(KeyVaultEvents.CloudEvent("lbacme-lb0").ToJsonString())),
        };
        request.Content.Headers.ContentType = new("application/cloudevents+json");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(AppApiToken.Header, token);
        }
        return await _http.SendAsync(request);
    }
}
