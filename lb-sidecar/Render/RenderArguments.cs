namespace LbAcme.Sidecar.Render;

/// <summary>
/// <c>render KIND [--lb NAME] [--out FILE|DIR] [--executable PATH] [--unit-config FILE]</c>, as the command line parser
/// read them (<see cref="Commands.SidecarCommandLine"/>); the configuration options were taken by the loader.
/// </summary>
/// <param name="Kind">One of <see cref="Kinds"/>.</param>
/// <param name="Lb">Which LB of Fleet:LoadBalancers; required except for the packaged systemd unit.</param>
/// <param name="Out">The file to write atomically, or null for stdout; for <see cref="Dapr"/> the directory to write into.</param>
/// <param name="Executable">systemd: the binary the unit starts.</param>
/// <param name="UnitConfig">systemd: the configuration file the unit passes to --config.</param>
internal sealed record RenderArguments(string Kind, string? Lb, string? Out, string Executable, string UnitConfig)
{
    public const string HaProxy = "haproxy";
    public const string Keepalived = "keepalived";
    public const string KeepalivedDropIn = "keepalived-dropin";
    public const string Systemd = "systemd";

    /// <summary>The LB's Dapr resources and daprd's flags: several files, so <see cref="Out"/> is a directory (required).</summary>
    public const string Dapr = "dapr";

    public static readonly string[] Kinds = [HaProxy, Keepalived, KeepalivedDropIn, Systemd, Dapr];
}
