namespace LbAcme.Sidecar.Commands;

/// <summary>
/// <c>lb-sidecar [run|check|render] [--config FILE] [--Section:Key=value ...]</c>. The configuration is the JSON
/// file (default $LBACME_CONFIG or /etc/lb-acme/fleet.json, holding the Fleet and Sidecar sections), then
/// LBACME_-prefixed environment variables (LBACME_Sidecar__LoadBalancer=lb1), then the command line.
/// Exit codes: 0 fine, 1 something is wrong at run time (a peer unreachable, a port taken), 2 bad usage or configuration.
/// </summary>
internal static class SidecarCommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadConfiguration = 2;
    private const string DefaultConfigPath = "/etc/lb-acme/fleet.json";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        if (verb is "help" || rest.Contains("--help") || rest.Contains("-h"))
        {
            await Console.Out.WriteLineAsync(Usage);
            return Ok;
        }
        if (verb is not ("run" or "check" or "render"))
        {
            await Console.Error.WriteLineAsync($"unknown command '{verb}'\n{Usage}");
            return BadConfiguration;
        }
        IConfiguration configuration;
        try
        {
            configuration = LoadConfiguration(rest);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"lb-sidecar: cannot read the configuration: {e.Message}");
            return BadConfiguration;
        }
        return verb switch
        {
            "check" => await CheckCommand.RunAsync(configuration),
            "render" => await Render.RenderCommand.RunAsync(rest, configuration),
            _ => await RunCommand.RunAsync(configuration, () => LoadConfiguration(rest)),
        };
    }

    private static IConfiguration LoadConfiguration(string[] args)
    {
        var path = Environment.GetEnvironmentVariable("LBACME_CONFIG") ?? DefaultConfigPath;
        var overrides = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length)
            {
                path = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                path = args[i]["--config=".Length..];
            }
            else
            {
                overrides.Add(args[i]);
            }
        }
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"configuration file '{full}' not found (give --config FILE or set LBACME_CONFIG)");
        }
        return new ConfigurationBuilder()
            .AddJsonFile(full, optional: false, reloadOnChange: false)
            .AddEnvironmentVariables("LBACME_")
            .AddCommandLine([.. overrides])
            .Build();
    }

    private const string Usage = """
        usage: lb-sidecar [run|check|render] [--config FILE] [--Section:Key=value ...]
          run     serve ACME HTTP-01 challenges (default)
          check   validate the configuration and probe every LB's peer port; exit 1 if something is wrong
          render haproxy|keepalived|keepalived-dropin|systemd --lb NAME [--out FILE]
                  print (or write) that LB's config from the fleet description; systemd without --lb gives the packaged unit
        """;
}
