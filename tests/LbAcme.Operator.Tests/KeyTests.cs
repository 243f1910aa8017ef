using Microsoft.AspNetCore.Http;

namespace LbAcme.Operator.Tests;

/// <summary>The function key goes in x-functions-key to the status URL only, and never to the terminal.</summary>
public sealed class KeyTests
{
    private const string Key = "k3y-Th4t-Must-Never-Be-Printed";

    public static TheoryData<int> Answers => new() { 200, 401, 403, 500 };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task The_key_from_the_environment_is_sent_as_the_header_and_never_printed(int answer)
    {
        await using var server = await StatusServer.StartAsync(async context =>
        {
            context.Response.StatusCode = answer;
            await context.Response.WriteAsync(answer == 200 ? Documents.Json(Documents.WithAddressIn(Core.Status.CertificateState.Stuck)) : $"denied {Key}");
        });

        var viaEnvironment = await Command.RunAsync(new Dictionary<string, string> { ["LBACME_FUNCTION_KEY"] = Key }, null, "status", "--url", server.Url.ToString());
        var viaFlag = await Command.StatusAsync(server.Url, "--key", Key);
        var viaFlagJson = await Command.StatusAsync(server.Url, "--key", Key, "--json");

        foreach (var request in server.Requests)
        {
            Assert.Equal(Key, request.Headers["x-functions-key"]);
            Assert.Equal("application/json", request.Headers["Accept"]);
            Assert.Equal("/api/status", request.Path);
        }
        Assert.Equal(3, server.Requests.Count);
        // A server echoing the key in an error body is not our output: only --json prints a body, and only a good one.
        Assert.DoesNotContain(Key, viaEnvironment.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, viaFlag.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, viaFlagJson.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_its_line_end_is_sent_trimmed_and_one_with_control_characters_is_refused_unprinted()
    {
        await using var server = await StatusServer.ServingAsync(Documents.Json(Documents.AllOk()));

        var trimmed = await Command.RunAsync(new Dictionary<string, string> { ["LBACME_FUNCTION_KEY"] = Key + "\r\n" }, null, "status", "--url", server.Url.ToString());
        var broken = await Command.StatusAsync(server.Url, "--key", Key + "\r\nX-Injected: 1");

        Assert.Equal(0, trimmed.ExitCode);
        Assert.Equal(Key, server.Requests.Single().Headers["x-functions-key"]);
        Assert.Equal(3, broken.ExitCode);
        Assert.Contains("not a function key", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, broken.All, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_key_in_the_url_query_is_not_printed_either()
    {
        await using var server = await StatusServer.AnsweringAsync(StatusCodes.Status401Unauthorized);

        var result = await Command.StatusAsync(new Uri(server.Url, $"/api/status?code={Key}"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains($"{server.Url}api/status answered 401", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_key_stays_with_the_status_host()
    {
        await using var elsewhere = await StatusServer.ServingAsync(Documents.Json(Documents.AllOk()));
        await using var server = await StatusServer.StartAsync(context =>
        {
            context.Response.Redirect(new Uri(elsewhere.Url, "/api/status").ToString());
            return Task.CompletedTask;
        });

        var result = await Command.StatusAsync(server.Url, "--key", Key);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("answered 302", result.Output, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
    }
}
