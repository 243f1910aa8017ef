using System.Net;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>Polling waits as long as the CA asks (Retry-After), backs off otherwise, and stops at its deadline.</summary>
public sealed class PollingTests : IDisposable
{
    private readonly StubCa _ca = new();
    private readonly AcmeKey _key = AcmeKey.Create(KeyType.EcP256);
    // Long and distinct, so the watch below tells the poller's waits from the requests' timeouts.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(10);
    private readonly WaitWatchingTimeProvider _time = new(DateTimeOffset.Parse("2026-11-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), RequestTimeout);

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
        var client = NewClient();
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var wait = client.WaitForAuthorizationAsync(account, new Uri("https://ca.test/authz/1"), TimeSpan.FromMinutes(1), CancellationToken.None);
        var firstWait = await _time.NextWaitAsync();
        var pollsDuringWait = Volatile.Read(ref polls);
        _time.Advance(firstWait);
        var authorization = await wait.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(5), firstWait); // Retry-After, not the 1 s backoff
        Assert.Equal(1, pollsDuringWait);
        Assert.Equal(2, polls);
        Assert.Equal(AcmeStatus.Valid, authorization.Status);
    }

    [Fact]
    public async Task An_authorization_still_pending_at_the_deadline_is_a_timeout_naming_its_status()
    {
        _ca.Routes["/authz/1"] = _ => StubCa.Json(HttpStatusCode.OK, """{"status":"pending","identifier":{"type":"dns","value":"a.example.com"},"challenges":[]}""");
        var client = NewClient();
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var started = _time.GetUtcNow();
        var wait = client.WaitForAuthorizationAsync(account, new Uri("https://ca.test/authz/1"), TimeSpan.FromSeconds(30), CancellationToken.None);
        var waits = await _time.AdvanceThroughWaitsAsync(wait, maxWaits: 40);
        var error = await Assert.ThrowsAsync<AcmeTimeoutException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));

        // Backoff doubling from 1 s up to the 10 s cap, the last wait cut to end exactly at the deadline.
        Assert.Equal([1, 2, 4, 8, 10, 5], waits.Select(w => w.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), _time.GetUtcNow() - started);
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
        var client = NewClient();
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);
        var order = new AcmeOrder(new Uri("https://ca.test/order/1"), new OrderResource { Status = AcmeStatus.Pending, Finalize = new Uri("https://ca.test/fin/1") });

        var wait = client.WaitForOrderAsync(account, order, new HashSet<string> { AcmeStatus.Ready }, TimeSpan.FromMinutes(1), CancellationToken.None);
        await _time.AdvanceThroughWaitsAsync(wait, maxWaits: 10);
        var error = await Assert.ThrowsAsync<AcmeProblemException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(AcmeErrorTypes.Connection, error.ErrorType);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
    }

    private AcmeClient NewClient() => _ca.NewClient(_time, o => o.RequestTimeout = RequestTimeout);

    public void Dispose()
    {
        _ca.Dispose();
        _key.Dispose();
    }
}
