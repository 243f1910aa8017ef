using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace LbAcme.Operator.Tests;

/// <summary>Whenever the status cannot be read the command says why in one line and exits 3 (UNKNOWN), never 0.</summary>
public sealed class UnreadableStatusTests
{
    [Fact]
    public async Task A_refused_key_exits_3_and_names_the_key_setting()
    {
        await using var server = await StatusServer.AnsweringAsync(StatusCodes.Status401Unauthorized);

        var result = await Command.StatusAsync(server.Url, "--key", "wrong-key-value");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("LB-ACME UNKNOWN - ", result.Output, StringComparison.Ordinal);
        Assert.Contains("401", result.Output, StringComparison.Ordinal);
        Assert.Contains("the function key was refused", result.Output, StringComparison.Ordinal);
        Assert.Contains("LBACME_FUNCTION_KEY", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_without_any_key_says_none_was_given()
    {
        await using var server = await StatusServer.AnsweringAsync(StatusCodes.Status403Forbidden);

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no function key was given", result.Output, StringComparison.Ordinal);
        Assert.False(server.Requests.Single().Headers.ContainsKey("x-functions-key"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_that_hangs_ends_in_3_within_the_timeout(bool afterHeaders)
    {
        await using var server = await StatusServer.StartAsync(async context =>
        {
            if (afterHeaders)
            {
                // Headers and the start of a body, then nothing: the body read is bounded too.
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 1000;
                await context.Response.WriteAsync("{\"schemaVersion\":");
                await context.Response.Body.FlushAsync();
            }
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var clock = Stopwatch.StartNew();

        var result = await Command.StatusAsync(server.Url, "--timeout", "1");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("did not answer within 1 s", result.Output, StringComparison.Ordinal);
        // A liveness bound, not a speed target: the command gave up instead of waiting for the server.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"schemaVersion\":1,\"state\":\"ok\"")]
    [InlineData("{\"schemaVersion\":1,\"generatedAt\":\"2026-12-02T09:00:00Z\",\"state\":\"mostly_fine\",\"runOverdue\":false,\"loadBalancers\":[],\"vips\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"generatedAt\":\"2026-12-02T09:00:00Z\",\"state\":\"ok\",\"runOverdue\":false}")]
    [InlineData("{\"schemaVersion\":1,\"generatedAt\":\"2026-12-02T09:00:00Z\",\"state\":\"ok\",\"runOverdue\":false,\"loadBalancers\":[{\"lb\":\"lb1\",\"state\":\"ok\"}],\"vips\":[]}")]
    [InlineData("null")]
    public async Task A_body_that_is_not_a_status_document_exits_3(string body)
    {
        await using var server = await StatusServer.ServingAsync(body);

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not a fleet status document", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_schema_version_exits_3_and_asks_for_an_update()
    {
        await using var server = await StatusServer.ServingAsync(Documents.Json(Documents.AllOk() with { SchemaVersion = 2 }));

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("schema version 2, newer than the 1 this lb-acme knows: update lb-acme", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_exits_3_with_its_status_code()
    {
        await using var server = await StatusServer.AnsweringAsync(StatusCodes.Status503ServiceUnavailable);

        var result = await Command.StatusAsync(server.Url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("answered 503", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_exits_3()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var result = await Command.StatusAsync(new Uri($"http://127.0.0.1:{port}"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("could not be read", result.Output, StringComparison.Ordinal);
        Assert.Contains("refused", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http://status.example.net")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("not a url")]
    public async Task An_unusable_url_is_refused_before_any_request(string url)
    {
        var result = await Command.RunAsync(null, null, "status", "--url", url);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--url", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("status", "--url", "https://a.example", "--store-connection-string", "UseDevelopmentStorage=true")]
    [InlineData("status", "--urll", "https://a.example")]
    [InlineData("stauts")]
    [InlineData("status", "--url", "https://a.example", "--timeout", "0")]
    public async Task Usage_errors_are_unknown_never_ok(params string[] args)
    {
        var result = await Command.RunAsync(null, null, args);

        Assert.Equal(3, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }
}
