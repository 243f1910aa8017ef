using System.Globalization;

namespace LbAcme.DaprRollout.Rig;

/// <summary>
/// The daprd command line <c>render dapr</c> wrote (daprd.env, <c>DAPRD_FLAGS=...</c>, split on whitespace as systemd
/// does): the flags the double takes from it instead of daprd, so what the double runs with is what daprd would.
/// </summary>
public sealed record DaprdFlags(IReadOnlyList<string> All)
{
    public const string FileName = "daprd.env";
    private const string Variable = "DAPRD_FLAGS=";

    /// <summary>--app-id.</summary>
    public string AppId => Value("--app-id") ?? throw Missing("--app-id");

    /// <summary>--app-port; null without one (events off: daprd never calls the app).</summary>
    public int? AppPort => Value("--app-port") is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null;

    /// <summary>--resources-path: the rendered components and subscription.</summary>
    public string ResourcesPath => Value("--resources-path") ?? throw Missing("--resources-path");

    /// <summary>--dapr-grpc-port (the double listens on a port of its own choosing; the sidecar is pointed at it).</summary>
    public int GrpcPort => int.Parse(Value("--dapr-grpc-port") ?? throw Missing("--dapr-grpc-port"), CultureInfo.InvariantCulture);

    public static DaprdFlags Parse(string envFile)
    {
        ArgumentNullException.ThrowIfNull(envFile);
        var line = envFile.Split('\n').Select(l => l.Trim()).SingleOrDefault(l => l.StartsWith(Variable, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no {Variable} line in {FileName}:\n{envFile}");
        return new DaprdFlags(line[Variable.Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private string? Value(string flag)
    {
        var i = All.ToList().IndexOf(flag);
        return i >= 0 && i + 1 < All.Count ? All[i + 1] : null;
    }

    private static InvalidOperationException Missing(string flag) => new($"the rendered daprd flags have no {flag}");
}
