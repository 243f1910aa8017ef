using LbAcme.Core.Fleet;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Configuration;

/// <summary>
/// Strict keys for the whole sidecar configuration: the top level holds only <c>Fleet</c>, <c>Sidecar</c> and
/// <c>Logging</c> (free-form, as Microsoft.Extensions.Logging reads it); the first two only what their options
/// types bind. Each error names the key, the likely intended key and where the key was set.
/// </summary>
internal static class SidecarKeys
{
    private const string Logging = "Logging";
    private static readonly string[] Sections = [FleetOptions.SectionName, SidecarOptions.SectionName, Logging];

    public static IReadOnlyList<string> Check(IConfigurationRoot root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var unknown = new List<UnknownKey>();
        foreach (var section in root.GetChildren())
        {
            if (section.Key.Equals(FleetOptions.SectionName, StringComparison.OrdinalIgnoreCase))
            {
                unknown.AddRange(StrictKeys.Check(section, section.Key, FleetOptionsJson.Default.FleetOptions));
            }
            else if (section.Key.Equals(SidecarOptions.SectionName, StringComparison.OrdinalIgnoreCase))
            {
                unknown.AddRange(StrictKeys.Check(section, section.Key, SidecarOptionsJson.Default.SidecarOptions));
            }
            else if (!section.Key.Equals(Logging, StringComparison.OrdinalIgnoreCase) && !KeySource.OnlyLooseEnvironmentVariable(root, section.Key))
            {
                var problem = KeySuggestion.Closest(section.Key, Sections) is { } suggestion
                    ? $"unknown section; did you mean '{suggestion}'?"
                    : $"unknown section; the configuration has {string.Join(", ", Sections)}";
                unknown.Add(new UnknownKey(section.Key, problem));
            }
        }
        return [.. unknown.Select(key => $"{key} ({string.Join("; ", KeySource.Describe(root, key.Path))})")];
    }
}
