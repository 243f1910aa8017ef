namespace LbAcme.Sidecar.Configuration;

/// <summary>
/// Reads the sidecar's configuration from its <see cref="ConfigurationSources"/> and refuses what it cannot use
/// before any options are bound: a missing or unreadable file, a JSON syntax error (with file, line and column),
/// and keys no options type knows (with a suggestion and where each was set).
/// </summary>
internal static class SidecarConfiguration
{
    /// <summary>The configuration, or null and the errors, one line (or a located snippet) each.</summary>
    public static (IConfigurationRoot? Configuration, IReadOnlyList<string> Errors) TryLoad(ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var full = Path.GetFullPath(sources.FilePath);
        if (!File.Exists(full))
        {
            return (null, [$"configuration file '{full}' not found (give --config FILE or set {ConfigurationSources.PathVariable})"]);
        }
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder()
                .AddJsonFile(full, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(ConfigurationSources.EnvironmentPrefix)
                .AddCommandLine([.. sources.Overrides.Select(o => "--" + o)])
                .Build();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            return (null, [JsonSyntaxError.Describe(e, full) ?? $"{full}: {Innermost(e).Message}"]);
        }
        var unknown = SidecarKeys.Check(root);
        return unknown.Count > 0 ? (null, unknown) : (root, []);
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null)
        {
            error = error.InnerException;
        }
        return error;
    }
}
