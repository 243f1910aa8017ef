using System.CommandLine;
using System.Reflection;
using LbAcme.Operator.Actions;
using LbAcme.Operator.Status;
using LbAcme.Operator.Table;

namespace LbAcme.Operator;

/// <summary>
/// <c>lb-acme status ...</c>, parsed strictly by System.CommandLine. Every way of not knowing the fleet's state, a
/// usage error included, exits 3 (Nagios' UNKNOWN), so a check never mistakes a typo for a healthy fleet.
/// </summary>
public static class OperatorCommandLine
{
    public const string KeyVariable = "LBACME_FUNCTION_KEY";
    public const string ConnectionStringVariable = "LBACME_STORE_CONNECTION_STRING";
    private const int Unknown = (int)StatusExitCode.Unknown;
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private const string Description = $"""
        lb-acme: the operator's view of an lb-acme fleet.

        Exit codes of status (Nagios style, for cron, monitoring and CI): 0 every LB and address ok; 1 warning
        (rolling out, expiring); 2 critical (stuck, failing, unreachable, renewal run overdue); 3 unknown (the status
        could not be read: endpoint unreachable, key refused, not a status document, a usage error).

        Operator actions (the function app's master key): revoke, account rollover-key, account deactivate. Their
        exit codes: 0 done; 1 refused, nothing done (no such certificate, another CA's, busy, not the account's URL);
        2 a usage error or a request the function calls wrong; 3 unknown (unreachable, key refused, timed out, a
        server error: check 'lb-acme status' before repeating).
        """;

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, Console.Out, Console.Error, TerminalStyle.Detect(), Environment.GetEnvironmentVariable, TimeProvider.System);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TerminalStyle style, Func<string, string?> environment, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var root = Build(output, error, style, environment, time);
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0)
            {
                foreach (var problem in parse.Errors)
                {
                    await error.WriteLineAsync($"lb-acme: {TerminalText.Safe(problem.Message)}");
                }
                // The status check stays Nagios' UNKNOWN; an operator action's usage error is its own code.
                var action = parse.CommandResult.Command.Name is "revoke" or "account" or "rollover-key" or "deactivate";
                var path = action ? string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Where(c => c is not RootCommand).Reverse().Select(c => c.Name).Append(parse.CommandResult.Command.Name)) : "status";
                await error.WriteLineAsync($"see 'lb-acme {path} --help'");
                return action ? (int)ActionExitCode.Usage : Unknown;
            }
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
#pragma warning disable CA1031 // the last line of defence: one line and UNKNOWN, never a stack trace (nor a key in one)
        catch (Exception e)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"LB-ACME UNKNOWN - {e.GetType().Name}: {TerminalText.Safe(e.Message.Split('\n', 2)[0])}");
            return Unknown;
        }
    }

    private static RootCommand Build(TextWriter output, TextWriter error, TerminalStyle style, Func<string, string?> environment, TimeProvider time)
    {
        var url = new Option<string>("--url") { Description = "the function app, e.g. https://APP.azurewebsites.net (GET {url}/api/status)", HelpName = "URL" };
        var key = new Option<string>("--key") { Description = $"the Status function's key (better: the environment variable {KeyVariable}, which ps does not show)", HelpName = "KEY" };
        var connectionString = new Option<string>("--store-connection-string") { Description = $"store mode: the storage connection string (or {ConnectionStringVariable})", HelpName = "CS" };
        var accountUrl = new Option<Uri>("--store-account-url") { Description = "store mode: the blob service URL, signed in as DefaultAzureCredential", HelpName = "URL" };
        var config = new Option<string>("--config") { Description = "store mode: the function's settings as JSON (sections Fleet, Engine, Store; fleet.json's Fleet section)", HelpName = "FILE" };
        var container = new Option<string>("--container") { Description = "store mode: the shared container (Store:Container, default lb-acme)", HelpName = "NAME" };
        var certificateStore = new Option<string>("--certificate-store") { Description = "store mode: where certificates are (Engine:CertificateStore)", HelpName = "blob|keyvault" };
        certificateStore.AcceptOnlyFromAmong("blob", "keyvault");
        var certificateContainer = new Option<string>("--certificate-container") { Description = "store mode: Engine:CertificateContainer when certificates are in blob", HelpName = "NAME" };
        var keyVault = new Option<Uri>("--key-vault-url") { Description = "store mode: Engine:KeyVaultUri when certificates are in Key Vault", HelpName = "URL" };
        var schedule = new Option<string>("--schedule") { Description = "store mode: the timer's NCRONTAB (the RenewalSchedule setting), for the run-overdue check", HelpName = "EXPR" };
        var json = new Option<bool>("--json") { Description = "print the status document as received instead of the table" };
        var timeout = new Option<double>("--timeout")
        {
            Description = "seconds the whole read may take",
            HelpName = "SECONDS",
            DefaultValueFactory = _ => DefaultTimeout.TotalSeconds,
        };
        timeout.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 1 or > 300)
            {
                r.AddError("--timeout: from 1 to 300 seconds");
            }
        });
        var status = new Command("status", "print every address's served certificate and state; the exit code is the worst state")
        {
            url, key, connectionString, accountUrl, config, container, certificateStore, certificateContainer, keyVault, schedule, json, timeout,
        };
        status.SetAction(async (parse, cancellationToken) =>
        {
            var store = new StoreArguments(parse.GetValue(config), parse.GetValue(connectionString) ?? environment(ConnectionStringVariable), parse.GetValue(accountUrl),
                parse.GetValue(container), parse.GetValue(certificateStore), parse.GetValue(certificateContainer), parse.GetValue(keyVault), parse.GetValue(schedule));
            var target = parse.GetValue(url);
            if ((target is null) == !store.IsStoreMode || (target is not null && parse.GetValue(connectionString) is not null))
            {
                await error.WriteLineAsync("lb-acme: give either --url, or store mode's --store-connection-string or --store-account-url");
                return Unknown;
            }
            Uri? statusUri = null;
            if (target is not null)
            {
                statusUri = HttpStatusReader.StatusUri(target, out var problem);
                if (statusUri is null)
                {
                    await error.WriteLineAsync($"lb-acme: {TerminalText.Safe(problem)}");
                    return Unknown;
                }
            }
            // A key read from a file may carry its line end; anything else outside printable ASCII is not a key (and is not echoed).
            var functionKey = (parse.GetValue(key) ?? environment(KeyVariable))?.Trim();
            if (functionKey is not null && functionKey.Any(c => c is < '!' or > '~'))
            {
                await error.WriteLineAsync($"lb-acme: --key / {KeyVariable}: not a function key (it has characters outside printable ASCII)");
                return Unknown;
            }
            var request = new StatusRequest(statusUri, functionKey, store, parse.GetValue(json), TimeSpan.FromSeconds(parse.GetValue(timeout)));
            return (int)await new StatusCommand(output, error, style, time).RunAsync(request, cancellationToken);
        });
        var version = new Option<bool>("--version") { Description = "print the version and exit" };
        var root = new RootCommand(Description) { version };
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }
        root.Directives.Clear();
        root.Subcommands.Add(status);
        foreach (var action in ActionCommands.Build(output, error, environment))
        {
            root.Subcommands.Add(action);
        }
        root.SetAction(async parse =>
        {
            if (parse.GetValue(version))
            {
                await output.WriteLineAsync(typeof(OperatorCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
                return 0;
            }
            await error.WriteLineAsync("lb-acme: a command is needed, e.g. 'lb-acme status --url https://APP.azurewebsites.net'; see 'lb-acme --help'");
            return Unknown;
        });
        return root;
    }
}
