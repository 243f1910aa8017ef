using System.Text.Json;

namespace LbAcme.Operator.Tests;

/// <summary>
/// lb-acme revoke / account rollover-key / account deactivate against a real loopback HTTP server: the request each
/// sends, the admin key in its header and never on the terminal, the answer printed, and the exit codes a script reads.
/// </summary>
public sealed class ActionCommandTests
{
    private const string Key = "m4ster-K3y-Never-Printed";
    private const string Revoked = """{"lb":"lb1","outcome":"Revoked","detail":"lbacme-lb1 serial 0A is revoked (superseded); a new certificate is on its way"}""";

    private static Dictionary<string, string> WithKey => new() { ["LBACME_FUNCTION_KEY"] = Key };

    [Fact]
    public async Task Revoke_posts_the_lb_certificate_and_reason_with_the_key_from_the_environment_and_prints_the_answer()
    {
        await using var server = await ActionServer.StartAsync(200, Revoked);

        var result = await Command.RunAsync(WithKey, null, "revoke", "--url", server.Url.ToString(), "--lb", "lb1", "--certificate", "mail", "--reason", "keyCompromise");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("is revoked (superseded); a new certificate is on its way", result.Output, StringComparison.Ordinal);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/operator/revoke"), (seen.Method, seen.Path));
        Assert.Equal(Key, seen.Headers["x-functions-key"]);
        using var body = JsonDocument.Parse(seen.Body);
        Assert.Equal(("lb1", "mail", "keyCompromise"), (body.RootElement.GetProperty("lb").GetString(), body.RootElement.GetProperty("certificate").GetString(), body.RootElement.GetProperty("reason").GetString()));
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_certificate_the_body_leaves_it_out_so_the_function_takes_the_fleets_first()
    {
        await using var server = await ActionServer.StartAsync(200, Revoked);

        var result = await Command.RunAsync(null, null, "revoke", "--url", server.Url.ToString(), "--key", Key, "--lb", "lb1", "--reason", "superseded");

        Assert.Equal(0, result.ExitCode);
        var seen = Assert.Single(server.Requests);
        Assert.Equal(Key, seen.Headers["x-functions-key"]);
        Assert.False(JsonDocument.Parse(seen.Body).RootElement.TryGetProperty("certificate", out _));
    }

    [Theory]
    [InlineData(409, 1, "fromAnotherDirectory: The certificate is another CA's: lbacme-lb1 was issued through")]
    [InlineData(404, 1, "notStored: No such stored certificate: lbacme-lb1 was issued through")]
    [InlineData(400, 2, "badRequest: The request is not one this action takes: lbacme-lb1 was issued through")]
    [InlineData(502, 3, "caUnavailable: The ACME server did not answer usefully: lbacme-lb1 was issued through")]
    public async Task A_refusal_prints_the_problems_code_title_and_detail_and_exits_by_kind(int status, int exit, string printed)
    {
        var code = printed.Split(':')[0];
        var title = printed.Split(": ")[1];
        var problem = JsonSerializer.Serialize(new { type = "about:blank", status, code, title, detail = $"lbacme-lb1 was issued through https://other.example/dir {Key}" });
        await using var server = await ActionServer.StartAsync(status, problem, "application/problem+json");

        var result = await Command.RunAsync(WithKey, null, "revoke", "--url", server.Url.ToString(), "--lb", "lb1", "--reason", "superseded");

        Assert.Equal(exit, result.ExitCode);
        Assert.Contains(printed, result.Error, StringComparison.Ordinal);
        // A server echoing the key is not our output.
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, true, "the key was refused; operator actions take the function app's master (admin) key")]
    [InlineData(403, true, "the key was refused")]
    [InlineData(401, false, "no key was given; set LBACME_FUNCTION_KEY")]
    public async Task A_refused_or_missing_key_is_unknown_and_says_which_key_is_needed(int status, bool withKey, string said)
    {
        await using var server = await ActionServer.StartAsync(status, $"denied {Key}", "text/plain");

        var result = await Command.RunAsync(withKey ? WithKey : null, null, "account", "rollover-key", "--url", server.Url.ToString());

        Assert.Equal(3, result.ExitCode);
        Assert.Contains(said, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
        Assert.Equal(withKey ? Key : null, server.Requests.Single().Headers.GetValueOrDefault("x-functions-key"));
    }

    [Fact]
    public async Task Rollover_posts_no_body_and_json_prints_the_answer_as_received()
    {
        const string answer = """{"account":"https://ca.example/acct/1","oldThumbprint":"a","newThumbprint":"b","detail":"rolled"}""";
        await using var server = await ActionServer.StartAsync(200, answer);

        var result = await Command.RunAsync(WithKey, null, "account", "rollover-key", "--url", server.Url + "/", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(answer, result.Output.Trim());
        var seen = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/operator/account/key-rollover", string.Empty), (seen.Method, seen.Path, seen.Body));
    }

    [Fact]
    public async Task Deactivate_sends_the_confirmation_and_without_one_prints_the_refusal_naming_the_account()
    {
        const string refusal = """{"status":400,"code":"notConfirmed","title":"Deactivation needs the account's URL","detail":"confirm: required; deactivating cannot be undone: to deactivate https://ca.example/acct/7, send confirm: \"https://ca.example/acct/7\"","account":"https://ca.example/acct/7"}""";
        await using var refusing = await ActionServer.StartAsync(400, refusal, "application/problem+json");
        await using var accepting = await ActionServer.StartAsync(200, """{"deactivated":true,"detail":"the ACME account https://ca.example/acct/7 is DEACTIVATED"}""");

        var unconfirmed = await Command.RunAsync(WithKey, null, "account", "deactivate", "--url", refusing.Url.ToString());
        var confirmed = await Command.RunAsync(WithKey, null, "account", "deactivate", "--url", accepting.Url.ToString(), "--confirm", "https://ca.example/acct/7");

        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("to deactivate https://ca.example/acct/7, send confirm", unconfirmed.Error, StringComparison.Ordinal);
        Assert.Equal("{}", refusing.Requests.Single().Body);
        Assert.Equal(0, confirmed.ExitCode);
        Assert.Contains("DEACTIVATED", confirmed.Output, StringComparison.Ordinal);
        var seen = Assert.Single(accepting.Requests);
        Assert.Equal("/api/operator/account/deactivate", seen.Path);
        Assert.Equal("https://ca.example/acct/7", JsonDocument.Parse(seen.Body).RootElement.GetProperty("confirm").GetString());
    }

    [Theory]
    [InlineData("revoke", "--url", "{url}", "--lb", "lb1")]
    [InlineData("revoke", "--url", "{url}", "--lb", "lb1", "--reason", "certificateHold")]
    [InlineData("revoke", "--url", "{url}", "--reason", "superseded")]
    [InlineData("revoke", "--url", "http://lb-acme.example", "--lb", "lb1", "--reason", "superseded")]
    [InlineData("revoke", "--url", "{url}?code=m4ster-K3y-Never-Printed", "--lb", "lb1", "--reason", "superseded")]
    [InlineData("account", "rollover-key")]
    [InlineData("account", "rollover-key", "--url", "{url}", "--timeout", "0")]
    [InlineData("account", "deactivate", "--url", "{url}", "--confirm")]
    public async Task A_usage_error_sends_nothing_and_exits_2(params string[] args)
    {
        await using var server = await ActionServer.StartAsync(200, Revoked);

        var result = await Command.RunAsync(WithKey, null, [.. args.Select(a => a.Replace("{url}", server.Url.ToString().TrimEnd('/'), StringComparison.Ordinal))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(server.Requests);
        Assert.StartsWith("lb-acme: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_control_characters_is_refused_unprinted_and_nothing_is_sent()
    {
        await using var server = await ActionServer.StartAsync(200, Revoked);

        var result = await Command.RunAsync(null, null, "account", "rollover-key", "--url", server.Url.ToString(), "--key", Key + "\r\nX-Injected: 1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a key", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.All, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_function_that_does_not_answer_in_time_is_unknown_and_says_to_check_before_repeating()
    {
        await using var server = await ActionServer.StartAsync(200, Revoked, delay: TimeSpan.FromSeconds(30));

        var result = await Command.RunAsync(WithKey, null, "account", "rollover-key", "--url", server.Url.ToString(), "--timeout", "1");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("did not answer within 1 s; the action may have run", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_key_stays_with_the_function_app()
    {
        await using var server = await ActionServer.StartAsync(302, null);

        var result = await Command.RunAsync(WithKey, null, "revoke", "--url", server.Url.ToString(), "--lb", "lb1", "--reason", "superseded");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("answered 302", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("revoke", "unspecified|keyCompromise|affiliationChanged|superseded|cessationOfOperation")]
    [InlineData("account", "rollover-key")]
    [InlineData("account deactivate", "--confirm")]
    public async Task Help_lists_the_actions_and_their_arguments(string command, string shown)
    {
        var result = await Command.RunAsync(null, null, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(shown, result.Output, StringComparison.Ordinal);
    }
}
