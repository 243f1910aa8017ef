using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace LbAcme.Sidecar.Configuration;

/// <summary>Which source set a key, as the operator wrote it: the file, the environment variable or the command-line override.</summary>
internal static class KeySource
{
    /// <summary>
    /// Where <paramref name="path"/> (or a key under it) was set, e.g. <c>environment variable LBACME_Sidecar__CertSync__Enabled</c>;
    /// one entry per source that set it.
    /// </summary>
    public static IReadOnlyList<string> Describe(IConfigurationRoot root, string path)
    {
        ArgumentNullException.ThrowIfNull(root);
        var sources = new List<string>();
        foreach (var provider in root.Providers)
        {
            if (FirstLeaf(provider, path) is not { } key)
            {
                continue;
            }
            sources.Add(provider switch
            {
                JsonConfigurationProvider json => $"in {json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath ?? json.Source.Path}",
                EnvironmentVariablesConfigurationProvider => $"environment variable {ConfigurationSources.EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}",
                CommandLineConfigurationProvider => $"command line --{key}",
                _ => $"set by {provider}",
            });
        }
        return sources;
    }

    /// <summary>True when only environment variables without a section set <paramref name="topLevelKey"/> (LBACME_CONFIG, the tools' own LBACME_ variables).</summary>
    public static bool OnlyLooseEnvironmentVariable(IConfigurationRoot root, string topLevelKey)
    {
        ArgumentNullException.ThrowIfNull(root);
        var setters = root.Providers.Where(p => FirstLeaf(p, topLevelKey) is not null).ToList();
        return setters.Count > 0 && setters.All(p => p is EnvironmentVariablesConfigurationProvider && !p.GetChildKeys([], topLevelKey).Any());
    }

    /// <summary>The first key holding a value at or under <paramref name="path"/> in <paramref name="provider"/>, or null.</summary>
    private static string? FirstLeaf(IConfigurationProvider provider, string path)
    {
        var children = provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var child in children)
        {
            if (FirstLeaf(provider, $"{path}:{child}") is { } leaf)
            {
                return leaf;
            }
        }
        return provider.TryGet(path, out _) ? path : null;
    }
}
