using System.Text.Json;
using System.Text.Json.Serialization;

namespace LbAcme.Core.Status;

/// <summary>Source-generated JSON for status/{lb}: the sidecar is published Native AOT, where reflection JSON is unavailable.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeployStatus))]
[JsonSerializable(typeof(DeployOutcome))]
public sealed partial class StatusJson : JsonSerializerContext;
