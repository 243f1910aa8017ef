using System.Net;
using LbAcme.Acme.Jose;
using LbAcme.Acme.Problems;
using LbAcme.Acme.Resources;
using LbAcme.Core.Keys;

namespace LbAcme.Acme.Tests.Unit;

/// <summary>Whatever the CA (or a proxy in front of it) sends, the caller gets a typed error that says what was wrong.</summary>
public sealed class GarbageResponseTests : IDisposable
{
    private readonly StubCa _ca = new();
    private readonly AcmeKey _key = AcmeKey.Create(KeyType.EcP256);

    [Fact]
    public async Task An_html_page_where_the_directory_should_be_is_a_protocol_error_naming_what_came()
    {
        _ca.Routes["/directory"] = _ => StubCa.Json(HttpStatusCode.OK, "<html><body>Welcome to nginx</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));

        Assert.Contains("Expected a JSON AcmeDirectory", error.Message, StringComparison.Ordinal);
        Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
        Assert.Contains("Welcome to nginx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_error_page_is_a_retryable_protocol_error_with_its_status()
    {
        _ca.Routes["/directory"] = _ => StubCa.Json(HttpStatusCode.BadGateway, "<html>502 Bad Gateway</html>", "text/html");

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));

        Assert.Equal(502, error.HttpStatus);
        Assert.True(error.IsRetryable);
    }

    [Fact]
    public async Task A_directory_missing_required_urls_is_refused()
    {
        _ca.Routes["/directory"] = _ => StubCa.Json(HttpStatusCode.OK, """{"newNonce":"https://ca.test/nonce"}""");

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));

        Assert.Contains("newOrder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nonce_endpoint_without_Replay_Nonce_is_a_protocol_error()
    {
        _ca.SendNonces = false;

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(
            () => _ca.NewClient().CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None));

        Assert.Contains("Replay-Nonce", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_created_account_without_Location_is_a_protocol_error()
    {
        _ca.Routes["/account"] = _ => StubCa.Json(HttpStatusCode.Created, """{"status":"valid"}""");

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(
            () => _ca.NewClient().CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None));

        Assert.Contains("Location", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_limit_carries_the_error_type_subproblems_and_Retry_After()
    {
        _ca.Routes["/account"] = _ =>
        {
            var response = StubCa.Json(HttpStatusCode.TooManyRequests, """
                {"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many new orders","status":429,
                 "subproblems":[{"type":"urn:ietf:params:acme:error:rateLimited","detail":"5 per week",
                                 "identifier":{"type":"dns","value":"svc.example.com"}}]}
                """, "application/problem+json");
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(120));
            return response;
        };

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => _ca.NewClient().CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.RateLimited, error.ErrorType);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.True(error.IsRetryable);
        var sub = Assert.Single(error.Problem.Subproblems);
        Assert.Equal("svc.example.com", sub.Identifier?.Value);
        Assert.Contains("5 per week", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadNonce_is_retried_with_a_fresh_nonce_until_the_CA_accepts()
    {
        var rejections = 2;
        _ca.Routes["/account"] = _ => Interlocked.Decrement(ref rejections) >= 0
            ? StubCa.Problem(HttpStatusCode.BadRequest, "badNonce", "stale")
            : WithLocation(StubCa.Json(HttpStatusCode.Created, """{"status":"valid"}"""), "https://ca.test/acct/1");

        var account = await _ca.NewClient().CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        Assert.Equal(new Uri("https://ca.test/acct/1"), account.Location);
        Assert.Equal(3, _ca.Requests.Count(r => r.Path == "/account"));
    }

    [Fact]
    public async Task BadNonce_retries_are_bounded()
    {
        _ca.Routes["/account"] = _ => StubCa.Problem(HttpStatusCode.BadRequest, "badNonce", "always");

        var error = await Assert.ThrowsAsync<AcmeProblemException>(
            () => _ca.NewClient(configure: o => o.MaxBadNonceRetries = 3).CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None));

        Assert.Equal(AcmeErrorTypes.BadNonce, error.ErrorType);
        Assert.Equal(4, _ca.Requests.Count(r => r.Path == "/account"));
    }

    [Fact]
    public async Task A_huge_body_is_refused_instead_of_buffered()
    {
        _ca.Routes["/directory"] = _ => StubCa.Json(HttpStatusCode.OK, "{\"x\":\"" + new string('a', 2 * 1024 * 1024) + "\"}");

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_is_a_retryable_connection_error()
    {
        _ca.Routes["/directory"] = _ => throw new HttpRequestException("Connection refused");

        var error = await Assert.ThrowsAsync<AcmeConnectionException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));

        Assert.True(error.IsRetryable);
        Assert.Contains("ca.test", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CA_that_never_answers_hits_the_request_timeout_not_the_callers_patience()
    {
        _ca.Routes["/directory"] = _ =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(3));
            return StubCa.Json(HttpStatusCode.OK, "{}");
        };
        var client = _ca.NewClient();

        var error = await Assert.ThrowsAsync<AcmeConnectionException>(() => Task.Run(() => client.GetDirectoryAsync(CancellationToken.None)));

        Assert.Contains("No answer within 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_certificate_chain_is_refused_with_the_reason()
    {
        _ca.Routes["/account"] = _ => WithLocation(StubCa.Json(HttpStatusCode.Created, """{"status":"valid"}"""), "https://ca.test/acct/1");
        _ca.Routes["/cert/1"] = _ => StubCa.Json(HttpStatusCode.OK, "-----BEGIN CERTIFICATE-----\nMIIBQzCB66ADAgECAgUAh2VDITAKBggqhkjOPQQDAjAVMRMw", "application/pem-certificate-chain");
        var client = _ca.NewClient();
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(
            () => client.DownloadCertificateAsync(account, new Uri("https://ca.test/cert/1"), CancellationToken.None));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_order_body_without_finalize_is_refused()
    {
        _ca.Routes["/account"] = _ => WithLocation(StubCa.Json(HttpStatusCode.Created, """{"status":"valid"}"""), "https://ca.test/acct/1");
        _ca.Routes["/order"] = _ => WithLocation(StubCa.Json(HttpStatusCode.Created, """{"status":"pending","authorizations":[]}"""), "https://ca.test/order/1");
        var client = _ca.NewClient();
        var account = await client.CreateAccountAsync(_key, new NewAccountRequest(), CancellationToken.None);

        var error = await Assert.ThrowsAsync<AcmeProtocolException>(
            () => client.NewOrderAsync(account, new NewOrderRequest(["a.example.com"]), CancellationToken.None));

        Assert.Contains("finalize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_null_body_is_refused()
    {
        _ca.Routes["/directory"] = _ => StubCa.Json(HttpStatusCode.OK, "null");

        await Assert.ThrowsAsync<AcmeProtocolException>(() => _ca.NewClient().GetDirectoryAsync(CancellationToken.None));
    }

    internal static HttpResponseMessage WithLocation(HttpResponseMessage response, string location)
    {
        response.Headers.Location = new Uri(location);
        return response;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _key.Dispose();
    }
}

/// <summary>Many requests at once on one client: every one gets a nonce of its own.</summary>
public sealed class ConcurrentNonceTests
{
    [Fact]
    public async Task Concurrent_requests_with_an_empty_pool_each_get_their_own_fresh_nonce()
    {
        using var ca = new StubCa();
        ca.Routes["/account"] = _ => GarbageResponseTests.WithLocation(StubCa.Json(System.Net.HttpStatusCode.Created, """{"status":"valid"}"""), "https://ca.test/acct/1");
        // Only newNonce hands out nonces, so every request must go through it and keep what it fetched.
        ca.SendNonces = false;
        ca.Routes["/nonce"] = _ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK);
            response.Headers.TryAddWithoutValidation("Replay-Nonce", Jose.Base64Url.Encode(Guid.NewGuid().ToByteArray()));
            return response;
        };
        var client = ca.NewClient();
        using var key = Jose.AcmeKey.Create(KeyType.EcP256);

        var accounts = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => client.CreateAccountAsync(key, new Resources.NewAccountRequest(), CancellationToken.None))));

        Assert.Equal(64, accounts.Length);
        Assert.Equal(64, ca.Requests.Count(r => r.Path == "/nonce"));
    }
}
