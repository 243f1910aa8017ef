using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace LbAcme.Core.Text;

/// <summary>
/// The name a source-generated enum converter writes for a value (e.g. "rolling_out"): labels, metrics and pages read
/// it from here, so they cannot spell a value otherwise than the JSON does.
/// </summary>
public static class JsonEnumNames
{
    public static string Of<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo).Trim('"');

    /// <summary>Every value of <typeparamref name="T"/> with its JSON name.</summary>
    public static FrozenDictionary<T, string> All<T>(JsonTypeInfo<T> typeInfo)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Of(v, typeInfo));
}
