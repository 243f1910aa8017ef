using System.Net;
using Azure.Storage.Blobs;
using LbAcme.LocalEnvironment;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LbAcme.Renewal.Tests.Integration;

/// <summary>
/// A CA answering newOrder with rateLimited and Retry-After: the LB backs off for at least that long, and
/// the next runs do not ask again — no retry storm that would extend the limit.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private AzuriteFixture _azurite = null!;
    private WebApplication _ca = null!;
    private int _newOrders;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteFixture.StartAsync();
        await new BlobContainerClient(_azurite.ConnectionString, "lb-acme").CreateIfNotExistsAsync();
        await new BlobContainerClient(_azurite.ConnectionString, "certificates").CreateIfNotExistsAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _ca = builder.Build();
        _ca.Use(async (http, next) =>
        {
            http.Response.Headers["Replay-Nonce"] = Guid.NewGuid().ToString("N");
            await next(http);
        });
        _ca.MapGet("/directory", (HttpContext http) => Results.Json(new
        {
            newNonce = Url(http, "nonce"),
            newAccount = Url(http, "account"),
            newOrder = Url(http, "order"),
            revokeCert = Url(http, "revoke"),
            keyChange = Url(http, "key-change"),
        }));
        _ca.MapMethods("/nonce", ["HEAD"], () => Results.Ok());
        _ca.MapPost("/account", (HttpContext http) => Results.Created(Url(http, "acct/1"), new { status = "valid" }));
        _ca.MapPost("/order", (HttpContext http) =>
        {
            Interlocked.Increment(ref _newOrders);
            http.Response.Headers.RetryAfter = "7200";
            return Results.Json(new { type = "urn:ietf:params:acme:error:rateLimited", detail = "too many certificates for this exact set of identifiers", status = 429 },
                statusCode: 429, contentType: "application/problem+json");
        });
        await _ca.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _ca.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Fact]
    public async Task A_rate_limit_backs_the_LB_off_for_at_least_Retry_After_and_later_runs_do_not_ask_again()
    {
        await using var engine = LocalFleetEngine.Build(LocalFleetEngine.SingleLbSettings("svc.lbacme.example", new Uri(_ca.Urls.First() + "/directory"), _azurite));
        var runner = engine.GetRequiredService<IRenewalRunner>();

        var first = await runner.RunAsync(new RunRequest("first"), CancellationToken.None);
        var second = await runner.RunAsync(new RunRequest("second"), CancellationToken.None);
        var third = await runner.RunAsync(new RunRequest("third"), CancellationToken.None);

        var failed = Assert.Single(first.Outcomes);
        Assert.Equal(LbOutcomeKind.Failed, failed.Outcome);
        Assert.Equal("rateLimited", failed.Reason);
        Assert.True(failed.NextCheck >= first.Started.AddHours(2).AddSeconds(-5), $"next attempt {failed.NextCheck} is sooner than Retry-After");
        Assert.Equal(LbOutcomeKind.BackingOff, Assert.Single(second.Outcomes).Outcome);
        Assert.Equal(LbOutcomeKind.BackingOff, Assert.Single(third.Outcomes).Outcome);
        Assert.Equal(1, _newOrders);
        var record = Assert.Single(await new BlobRunJournal(new BlobContainerClient(_azurite.ConnectionString, "lb-acme")).ListAsync("lb0", CancellationToken.None));
        Assert.Equal("urn:ietf:params:acme:error:rateLimited", record.ProblemType);
    }


    private static string Url(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}/{path}";
}
