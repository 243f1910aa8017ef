using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Finds the keys of a configuration section that its options type does not bind, so a typo in fleet.json is an
/// error instead of a silently ignored setting. The known keys come from the options types themselves through
/// System.Text.Json's generated metadata (a property added to an options class is known at once), which Native
/// AOT keeps without reflection. Names compare case-insensitively, as the configuration binder does.
/// </summary>
public static class StrictKeys
{
    /// <summary>The keys under <paramref name="section"/> (found at <paramref name="path"/>) that <paramref name="type"/> does not bind.</summary>
    public static IReadOnlyList<UnknownKey> Check(IConfiguration section, string path, JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var unknown = new List<UnknownKey>();
        Walk(section, path, type, unknown);
        return unknown;
    }

    /// <summary>The keys <paramref name="type"/> binds, as configuration spells them.</summary>
    public static IEnumerable<string> Known(JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Kind == JsonTypeInfoKind.Object ? type.Properties.Where(Binds).Select(p => p.Name) : [];
    }

    private static void Walk(IConfiguration section, string path, JsonTypeInfo type, List<UnknownKey> unknown)
    {
        foreach (var child in section.GetChildren())
        {
            var childPath = $"{path}:{child.Key}";
            switch (type.Kind)
            {
                case JsonTypeInfoKind.Object:
                    var property = type.Properties.FirstOrDefault(p => Binds(p) && string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
                    if (property is null)
                    {
                        unknown.Add(new UnknownKey(childPath, Unknown(child.Key, path, type)));
                    }
                    else
                    {
                        Visit(child, childPath, type.Options.GetTypeInfo(property.PropertyType), unknown);
                    }
                    break;
                case JsonTypeInfoKind.Enumerable:
                    if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        unknown.Add(new UnknownKey(childPath, $"'{child.Key}' is not a list index; {path} is a list (0, 1, ...)"));
                    }
                    else
                    {
                        Visit(child, childPath, type.Options.GetTypeInfo(type.ElementType!), unknown);
                    }
                    break;
                case JsonTypeInfoKind.Dictionary:
                    Visit(child, childPath, type.Options.GetTypeInfo(type.ElementType!), unknown);
                    break;
                default:
                    unknown.Add(new UnknownKey(childPath, $"{path} is a single value; it has no key '{child.Key}'"));
                    break;
            }
        }
    }

    private static void Visit(IConfigurationSection child, string path, JsonTypeInfo type, List<UnknownKey> unknown)
    {
        // A value where a section or list belongs (e.g. "CertificateSync": true) would bind nothing.
        if (type.Kind != JsonTypeInfoKind.None && !string.IsNullOrEmpty(child.Value))
        {
            var shape = type.Kind == JsonTypeInfoKind.Enumerable ? "a list" : "a section";
            unknown.Add(new UnknownKey(path, $"'{child.Value}' is a single value; {path} is {shape}"));
            return;
        }
        Walk(child, path, type, unknown);
    }

    private static string Unknown(string key, string path, JsonTypeInfo type)
    {
        var known = Known(type).ToList();
        return KeySuggestion.Closest(key, known) is { } suggestion
            ? $"unknown key; did you mean '{path}:{suggestion}'?"
            : $"unknown key; {path} has {string.Join(", ", known)}";
    }

    /// <summary>What the binder sets: a settable property, or a section or list it fills in place.</summary>
    private static bool Binds(JsonPropertyInfo property) =>
        property.Set is not null || property.Options.GetTypeInfo(property.PropertyType).Kind != JsonTypeInfoKind.None;
}
