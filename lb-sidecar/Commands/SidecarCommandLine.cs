using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Reflection;
using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Configuration;
using LbAcme.Sidecar.Render;

namespace LbAcme.Sidecar.Commands;

/// <summary>
/// <c>lb-sidecar [run|check|render KIND] [--config FILE] [--lb NAME] [--Section:Key=value ...]</c>, parsed strictly by
/// System.CommandLine: an unknown command or flag is refused with exit code 2 and a suggestion, <c>--help</c> works on
/// every command, <c>--version</c> never starts anything, and no error ends in a stack trace. Configuration overrides
/// (an option name with a ':' in it) are taken out before parsing and checked as strictly as the file's keys.
/// Exit codes: 0 fine, 1 something is wrong at run time (a peer unreachable, a port taken), 2 bad usage or configuration.
/// </summary>
internal static class SidecarCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;

    private const string Description = $"""
        lb-sidecar: serves ACME HTTP-01 challenges on every LB of the fleet, pulls its certificate into HAProxy, and
        renders the LB's HAProxy, keepalived, systemd and Dapr configuration from the same fleet description.

        Configuration, later sources winning: the JSON file (--config FILE, else ${ConfigurationSources.PathVariable}, else
        {ConfigurationSources.DefaultPath}) with the sections Fleet, Sidecar and Logging; then environment variables
        {ConfigurationSources.EnvironmentPrefix}Section__Key (e.g. {ConfigurationSources.EnvironmentPrefix}Sidecar__LoadBalancer=lb1; {ConfigurationSources.EnvironmentPrefix} variables without '__' are not configuration);
        then overrides on the command line, anywhere after the program name: --Section:Key=value or --Section:Key value
        (e.g. --Sidecar:Peers:ReadTimeout=00:00:02). Every key is checked: one that no setting has is an error.
        Without a command, run is meant. Exit codes: 0 fine, 1 a run-time problem, 2 bad usage or configuration.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var (arguments, overrides) = CommandLineOverrides.Split(args);
            var parse = Build(overrides).Parse(arguments, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Action is ParseErrorAction)
            {
                return await ReportUsageAsync(parse);
            }
            // No process-termination handling of its own: the daemon's host answers SIGTERM (and the service stops cleanly).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
#pragma warning disable CA1031 // the last line of defence: an operator gets one line, never a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"lb-sidecar: {e.GetType().Name}: {e.Message}");
            return Failed;
        }
    }

    private static RootCommand Build(IReadOnlyList<string> overrides)
    {
        var config = new Option<string>("--config")
        {
            Description = $"the JSON configuration file (default ${ConfigurationSources.PathVariable}, else {ConfigurationSources.DefaultPath})",
            HelpName = "FILE",
            Recursive = true,
        };
        var version = new Option<bool>("--version") { Description = "print the version and exit" };
        var rootLb = SelfOption();
        var root = new RootCommand(Description) { config, version, rootLb };
        // Our own --version: the built-in one refuses to be combined with --config, and an operator's habit is to keep it.
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }
        root.Directives.Clear();
        root.SetAction((parse, _) => parse.GetValue(version) ? PrintVersionAsync() : RunDaemonAsync(parse, config, rootLb, overrides));

        var runLb = SelfOption();
        var run = new Command("run", "serve ACME HTTP-01 challenges (the daemon; the default command)") { runLb };
        run.SetAction((parse, _) => RunDaemonAsync(parse, config, runLb, overrides));

        var checkLb = SelfOption();
        var check = new Command("check", "validate the configuration, probe every LB's peer port and the store; exit 1 if something is wrong") { checkLb };
        check.SetAction((parse, _) => WithConfigurationAsync(parse, config, WithSelf(parse, checkLb, overrides), CheckCommand.RunAsync));

        var render = new Command("render", "print (or write) this fleet's LB configuration: haproxy, keepalived, keepalived-dropin, systemd or dapr");
        foreach (var kind in RenderArguments.Kinds)
        {
            render.Subcommands.Add(RenderKind(kind, config, overrides));
        }
        root.Subcommands.Add(run);
        root.Subcommands.Add(check);
        root.Subcommands.Add(render);
        return root;
    }

    private static Command RenderKind(string kind, Option<string> config, IReadOnlyList<string> overrides)
    {
        var systemd = kind == RenderArguments.Systemd;
        var lb = new Option<string>("--lb")
        {
            Description = systemd ? "the LB the unit runs as (without it, the packaged unit)" : "which LB of Fleet:LoadBalancers",
            HelpName = "NAME",
            Required = !systemd,
        };
        var dapr = kind == RenderArguments.Dapr;
        var output = dapr
            ? new Option<string>("--out") { Description = "the directory to write components/ (daprd's --resources-path) and daprd.env into, each file atomically (mode 0600)", HelpName = "DIR", Required = true }
            : new Option<string>("--out") { Description = "write FILE atomically (mode 0600) instead of printing", HelpName = "FILE" };
        var command = new Command(kind, kind switch
        {
            RenderArguments.HaProxy => "haproxy.cfg for one LB",
            RenderArguments.Keepalived => "keepalived.conf for one LB",
            RenderArguments.KeepalivedDropIn => "the systemd drop-in that clears this fleet's VIPs around keepalived",
            RenderArguments.Dapr => "the LB's Dapr resources (secret store, pub/sub, subscription) and daprd's flags",
            _ => "the lb-sidecar systemd unit",
        })
        { lb, output };
        var executable = new Option<string>("--executable") { Description = "the binary the unit starts", HelpName = "PATH", DefaultValueFactory = _ => SystemdUnitRenderer.DefaultExecutable };
        var unitConfig = new Option<string>("--unit-config") { Description = "the configuration file the unit passes to --config", HelpName = "FILE", DefaultValueFactory = _ => SystemdUnitRenderer.DefaultConfig };
        if (systemd)
        {
            command.Options.Add(executable);
            command.Options.Add(unitConfig);
        }
        command.SetAction((parse, _) =>
        {
            var arguments = new RenderArguments(kind, parse.GetValue(lb), parse.GetValue(output), parse.GetValue(executable)!, parse.GetValue(unitConfig)!);
            return WithConfigurationAsync(parse, config, overrides, configuration => RenderCommand.RunAsync(arguments, configuration));
        });
        return command;
    }

    private static Option<string> SelfOption() => new("--lb")
    {
        Description = "this LB's name in Fleet:LoadBalancers (sets Sidecar:LoadBalancer)",
        HelpName = "NAME",
    };

    /// <summary>The overrides, then Sidecar:LoadBalancer from <c>--lb</c> when given (the flag wins).</summary>
    private static IReadOnlyList<string> WithSelf(ParseResult parse, Option<string> lb, IReadOnlyList<string> overrides) =>
        parse.GetValue(lb) is { } name ? [.. overrides, $"{Options.SidecarOptions.SectionName}:{nameof(Options.SidecarOptions.LoadBalancer)}={name}"] : overrides;

    /// <summary>The daemon. A reload reads the same sources again.</summary>
    private static Task<int> RunDaemonAsync(ParseResult parse, Option<string> config, Option<string> lb, IReadOnlyList<string> overrides)
    {
        var sources = ConfigurationSources.From(parse.GetValue(config), WithSelf(parse, lb, overrides));
        return WithConfigurationAsync(sources, configuration => RunCommand.RunAsync(configuration, () => SidecarConfiguration.TryLoad(sources), Path.GetFullPath(sources.FilePath)));
    }

    private static Task<int> WithConfigurationAsync(ParseResult parse, Option<string> config, IReadOnlyList<string> overrides, Func<IConfiguration, Task<int>> command) =>
        WithConfigurationAsync(ConfigurationSources.From(parse.GetValue(config), overrides), command);

    private static async Task<int> WithConfigurationAsync(ConfigurationSources sources, Func<IConfiguration, Task<int>> command)
    {
        var (configuration, errors) = SidecarConfiguration.TryLoad(sources);
        return configuration is null ? await ConfigurationErrors.ReportAsync(errors) : await command(configuration);
    }

    private static async Task<int> PrintVersionAsync()
    {
        var version = typeof(SidecarCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        await Console.Out.WriteLineAsync(version);
        return Ok;
    }

    /// <summary>The parser's errors, a "did you mean" for a mistyped command or flag, and where the help is.</summary>
    private static async Task<int> ReportUsageAsync(ParseResult parse)
    {
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync($"lb-sidecar: {error.Message}");
        }
        var command = parse.CommandResult.Command;
        string[] known = [.. command.Subcommands.Select(c => c.Name), .. command.Options.Select(o => o.Name), .. command.Options.SelectMany(o => o.Aliases)];
        foreach (var token in parse.UnmatchedTokens)
        {
            if (KeySuggestion.Closest(token, known) is { } suggestion)
            {
                await Console.Error.WriteLineAsync($"lb-sidecar: '{token}': did you mean '{suggestion}'?");
            }
        }
        var path = string.Join(' ', ["lb-sidecar", .. parse.Tokens.Where(t => t.Type == TokenType.Command).Select(t => t.Value)]);
        await Console.Error.WriteLineAsync($"see '{path} --help'");
        return BadConfiguration;
    }
}
