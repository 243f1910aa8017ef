using System.Net;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;
using Microsoft.Extensions.Time.Testing;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>Polling waits as long as the CA asks (Retry-After), backs off otherwise, and stops at its deadline.</summary>
public sealed class PollingTests : IDisposable
{
    private readonly StubCa _ca = new();
    private readonly AcmeKey _key = AcmeKey.Create(KeyType.EcP256);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public PollingTests()
    {
        _ca.Routes["/account"] = _ => GarbageResponseTests.WithLocation(StubCa.Json(HttpStatusCode.Created, """{"status":"valid"}"""), "https://ca.test/acct/1");
    }

    [Fact]
    public async Task Retry_After_on_a_pending_authorization_is_waited_out_before_the_next_poll()
    {
        var polls = 0;
        _ca.Routes["/authz/1"] = _ =>
        {
            var pending = Interlocked.Increment(ref polls) == 1;
            var response = StubCa.Json(HttpStatusCode.OK, $$"""{"status":"{{(pending ? "pending" : "valid")}}","identifier":{"type":"dns","value":"a.example.com"},"challenges":[]}""");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(5));
            return response;
        };
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var wait = client.WaitForAuthorizationAsync(account, new Uri("https://ca.test/authz/1"), TimeSpan.FromMinutes(1), CancellationToken.None);
        await WaitForPollsAsync(() => polls, 1);
        await Task.Delay(100); // let the poller register its timer before fake time moves
        _time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        var earlyPolls = polls;
        _time.Advance(TimeSpan.FromSeconds(1));
        var authorization = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, earlyPolls);
        Assert.Equal(2, polls);
        Assert.Equal(AcmeStatus.Valid, authorization.Status);
    }

    [Fact]
    public async Task An_authorization_still_pending_at_the_deadline_is_a_timeout_naming_its_status()
    {
        _ca.Routes["/authz/1"] = _ => StubCa.Json(HttpStatusCode.OK, """{"status":"pending","identifier":{"type":"dns","value":"a.example.com"},"challenges":[]}""");
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var wait = client.WaitForAuthorizationAsync(account, new Uri("https://ca.test/authz/1"), TimeSpan.FromSeconds(30), CancellationToken.None);
        for (var i = 0; i < 40 && !wait.IsCompleted; i++)
        {
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var error = await Assert.ThrowsAsync<AcmeTimeoutException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("pending", error.LastStatus);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task An_invalid_order_throws_the_orders_own_error_document()
    {
        _ca.Routes["/order/1"] = _ => StubCa.Json(HttpStatusCode.OK, """
            {"status":"invalid","finalize":"https://ca.test/fin/1","authorizations":[],
             "error":{"type":"urn:ietf:params:acme:error:connection","detail":"connection refused by 192.0.2.1:80"}}
            """);
        var client = _ca.NewClient(_time);
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);
        var order = new AcmeOrder(new Uri("https://ca.test/order/1"), new OrderResource { Status = AcmeStatus.Pending, Finalize = new Uri("https://ca.test/fin/1") });

        var wait = client.WaitForOrderAsync(account, order, new HashSet<string> { AcmeStatus.Ready }, TimeSpan.FromMinutes(1), CancellationToken.None);
        for (var i = 0; i < 10 && !wait.IsCompleted; i++)
        {
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        var error = await Assert.ThrowsAsync<AcmeProblemException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(AcmeErrorTypes.Connection, error.ErrorType);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitForPollsAsync(Func<int> polls, int atLeast)
    {
        for (var i = 0; i < 200 && polls() < atLeast; i++)
        {
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        _ca.Dispose();
        _key.Dispose();
    }
}
