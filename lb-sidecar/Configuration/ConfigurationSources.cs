namespace LbAcme.Sidecar.Configuration;

/// <summary>
/// Where the sidecar's configuration comes from, in order of precedence (later wins): the JSON file, then
/// <c>LBACME_Section__Key</c> environment variables, then the <c>--Section:Key=value</c> overrides.
/// </summary>
/// <param name="FilePath">The JSON file as given (<c>--config</c>, else $LBACME_CONFIG, else the packaged default).</param>
/// <param name="Overrides">Command-line overrides as <c>Section:Key=value</c>.</param>
internal sealed record ConfigurationSources(string FilePath, IReadOnlyList<string> Overrides)
{
    public const string DefaultPath = "/etc/lb-acme/fleet.json";
    public const string PathVariable = "LBACME_CONFIG";
    public const string EnvironmentPrefix = "LBACME_";

    /// <summary>The file <paramref name="configOption"/> names, else $LBACME_CONFIG, else <see cref="DefaultPath"/>.</summary>
    public static ConfigurationSources From(string? configOption, IReadOnlyList<string> overrides) =>
        new(configOption ?? Environment.GetEnvironmentVariable(PathVariable) ?? DefaultPath, overrides);
}
