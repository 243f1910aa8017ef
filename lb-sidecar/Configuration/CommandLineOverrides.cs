namespace LbAcme.Sidecar.Configuration;

/// <summary>
/// Separates the configuration overrides (<c>--Section:Key=value</c> or <c>--Section:Key value</c>: an option name
/// with a ':' in it) from the command's own arguments, so the command line parser stays strict about its flags
/// while any configuration key can still be set on the command line. The keys are checked like the file's.
/// </summary>
internal static class CommandLineOverrides
{
    /// <summary>The arguments without the overrides, and the overrides as <c>Section:Key=value</c>.</summary>
    public static (string[] Arguments, IReadOnlyList<string> Overrides) Split(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        var overrides = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !name.Contains(':', StringComparison.Ordinal) || name.Length < 5)
            {
                rest.Add(arg);
            }
            else if (equals >= 0)
            {
                overrides.Add(arg[2..]);
            }
            else if (i + 1 < args.Count)
            {
                overrides.Add($"{name[2..]}={args[++i]}");
            }
            else
            {
                // The value is missing: the parser reports the token as one it does not know.
                rest.Add(arg);
            }
        }
        return ([.. rest], overrides);
    }
}
