namespace LbAcme.Sidecar.Render;

/// <summary>
/// <c>render KIND [--lb NAME] [--out FILE] [--executable PATH]</c>, after the configuration options
/// (<c>--config FILE</c>, <c>--Section:Key=value</c>) were taken by the configuration loader.
/// </summary>
internal sealed record RenderArguments(string Kind, string? Lb, string? Out, string Executable)
{
    public static readonly string[] Kinds = ["haproxy", "keepalived", "keepalived-dropin", "systemd"];

    /// <summary>The parsed arguments, or an error saying what is wrong with them.</summary>
    public static (RenderArguments? Arguments, string? Error) Parse(string[] args)
    {
        if (args.Length == 0 || !Kinds.Contains(args[0], StringComparer.Ordinal))
        {
            return (null, $"render: say what to render: {string.Join(", ", Kinds)}");
        }
        string? lb = null;
        string? output = null;
        var executable = SystemdUnitRenderer.DefaultExecutable;
        for (var i = 1; i < args.Length; i++)
        {
            var (name, value, consumed) = Option(args, i);
            switch (name)
            {
                case "--lb":
                    lb = value;
                    break;
                case "--out":
                    output = value;
                    break;
                case "--executable":
                    executable = value ?? executable;
                    break;
                default:
                    continue;
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                return (null, $"render: {name} needs a value");
            }
            i += consumed;
        }
        if (lb is null && args[0] != "systemd")
        {
            return (null, $"render {args[0]}: --lb NAME is required (which LB of Fleet:LoadBalancers)");
        }
        return (new RenderArguments(args[0], lb, output, executable), null);
    }

    private static (string Name, string? Value, int Consumed) Option(string[] args, int i)
    {
        var at = args[i].IndexOf('=', StringComparison.Ordinal);
        if (at > 0)
        {
            return (args[i][..at], args[i][(at + 1)..], 0);
        }
        return (args[i], i + 1 < args.Length ? args[i + 1] : null, 1);
    }
}
