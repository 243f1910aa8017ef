using System.Text.Json;
using System.Text.Json.Serialization;

namespace LbAcme.Sidecar.Certificates;

/// <summary>Source-generated JSON for status/{lb}: the sidecar is published Native AOT, where reflection JSON is unavailable.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeployStatusDocument))]
internal sealed partial class DeployStatusJson : JsonSerializerContext;
