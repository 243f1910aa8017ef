using System.Text.Json;

namespace LbAcme.Acme.Http;

internal static class AcmeJson
{
    /// <summary>camelCase names as ACME uses them; unknown members ignored so new CA fields never break us.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
