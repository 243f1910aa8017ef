using System.CommandLine;
using System.Text.Json;
using LbAcme.Operator.Table;
using LbAcme.Renewal.Revocation;

namespace LbAcme.Operator.Actions;

/// <summary>
/// <c>lb-acme revoke</c>, <c>lb-acme account rollover-key</c> and <c>lb-acme account deactivate</c>: each one POST to the
/// function app's admin-level operator function, with the key read as <c>lb-acme status</c> reads it.
/// </summary>
internal static class ActionCommands
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(150);

    public static IEnumerable<Command> Build(TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var revoke = new Command("revoke", "revoke one LB's certificate at the CA (with an RFC 5280 reason); the function then renews it, so the LB gets a new one");
        var lb = new Option<string>("--lb") { Description = "the load balancer, as named in the fleet", HelpName = "LB", Required = true };
        var certificate = new Option<string>("--certificate") { Description = "the fleet certificate's name (default: the fleet's first)", HelpName = "NAME" };
        var reason = new Option<string>("--reason")
        {
            Description = "why (keyCompromise is signed with the certificate's own key, as Let's Encrypt requires)",
            HelpName = string.Join('|', RevocationReasons.Names),
            Required = true,
        };
        reason.AcceptOnlyFromAmong([.. RevocationReasons.Names]);
        var (url, key, json, timeout) = Common(revoke); // each command its own options: the actions' closures capture them
        revoke.Options.Add(lb);
        revoke.Options.Add(certificate);
        revoke.Options.Add(reason);
        revoke.SetAction((parse, cancellationToken) => RunAsync(parse, url, key, json, timeout, ActionUri.RevokePath,
            JsonSerializer.Serialize(new Dictionary<string, string?> { ["lb"] = parse.GetValue(lb), ["certificate"] = parse.GetValue(certificate), ["reason"] = parse.GetValue(reason) }
                .Where(p => p.Value is not null).ToDictionary()),
            output, error, environment, cancellationToken));

        var rollover = new Command("rollover-key", "give the fleet's ACME account a new key of the same type (RFC 8555 key change); crash-safe, one at a time");
        var (rolloverUrl, rolloverKey, rolloverJson, rolloverTimeout) = Common(rollover);
        rollover.SetAction((parse, cancellationToken) => RunAsync(parse, rolloverUrl, rolloverKey, rolloverJson, rolloverTimeout, ActionUri.KeyRolloverPath, null, output, error, environment, cancellationToken));

        var deactivate = new Command("deactivate", "deactivate the fleet's ACME account for good; the next renewal registers a new one. Without --confirm the answer names the account");
        var confirm = new Option<string>("--confirm") { Description = "the account's URL, exactly (the refusal without it prints it)", HelpName = "ACCOUNT-URL" };
        var (deactivateUrl, deactivateKey, deactivateJson, deactivateTimeout) = Common(deactivate);
        deactivate.Options.Add(confirm);
        deactivate.SetAction((parse, cancellationToken) => RunAsync(parse, deactivateUrl, deactivateKey, deactivateJson, deactivateTimeout, ActionUri.DeactivatePath,
            parse.GetValue(confirm) is { } named ? JsonSerializer.Serialize(new { confirm = named }) : "{}",
            output, error, environment, cancellationToken));

        var account = new Command("account", "act on the fleet's ACME account: rollover-key, deactivate") { rollover, deactivate };
        return [revoke, account];
    }

    private static (Option<string> Url, Option<string> Key, Option<bool> Json, Option<double> Timeout) Common(Command command)
    {
        var url = new Option<string>("--url") { Description = "the function app, e.g. https://APP.azurewebsites.net", HelpName = "URL", Required = true };
        var key = new Option<string>("--key") { Description = $"the function app's master (admin) key (better: the environment variable {OperatorCommandLine.KeyVariable}, which ps does not show)", HelpName = "KEY" };
        var json = new Option<bool>("--json") { Description = "print the function's answer as received" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "seconds to wait for the answer (the function gives up after 120)",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => DefaultTimeout.TotalSeconds,
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 1 or > 600)
            {
                r.AddError("--timeout: from 1 to 600 seconds");
            }
        });
        command.Options.Add(url);
        command.Options.Add(key);
        command.Options.Add(json);
        command.Options.Add(timeout);
        return (url, key, json, timeout);
    }

    private static async Task<int> RunAsync(ParseResult parse, Option<string> url, Option<string> key, Option<bool> json, Option<double> timeout, string path, string? body,
        TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var target = ActionUri.For(parse.GetValue(url)!, path, out var problem);
        if (target is null)
        {
            await error.WriteLineAsync($"lb-acme: {TerminalText.Safe(problem)}");
            return (int)ActionExitCode.Usage;
        }
        // As status: a key read from a file may carry its line end; anything else outside printable ASCII is not a key (and is not echoed).
        var adminKey = (parse.GetValue(key) ?? environment(OperatorCommandLine.KeyVariable))?.Trim();
        if (adminKey is not null && adminKey.Any(c => c is < '!' or > '~'))
        {
            await error.WriteLineAsync($"lb-acme: --key / {OperatorCommandLine.KeyVariable}: not a key (it has characters outside printable ASCII)");
            return (int)ActionExitCode.Usage;
        }
        var seconds = TimeSpan.FromSeconds(parse.GetValue(timeout));
        using var http = ActionClient.CreateClient(seconds);
        var request = new ActionRequest(target, adminKey, body, parse.GetValue(json), seconds);
        return (int)await new ActionClient(http, output, error).SendAsync(request, cancellationToken);
    }
}
