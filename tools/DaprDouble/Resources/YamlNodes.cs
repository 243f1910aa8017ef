using YamlDotNet.RepresentationModel;

namespace LbAcme.DaprDouble.Resources;

/// <summary>Reading paths out of a YAML document without binding it to types (Component and Subscription differ in spec.metadata's shape).</summary>
internal static class YamlNodes
{
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }
        return node;
    }

    public static string? Text(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlScalarNode { Value: { Length: > 0 } value } ? value : null;

    public static IReadOnlyList<YamlNode> Items(this YamlNode? node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];
}
