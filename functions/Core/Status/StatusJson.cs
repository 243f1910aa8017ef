using System.Text.Json;
using System.Text.Json.Serialization;

namespace LbAcme.Core.Status;

/// <summary>
/// Source-generated JSON for status/{lb}, the fleet status document and the probe report: the sidecar is published
/// Native AOT, where reflection JSON is unavailable.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DeployStatus))]
[JsonSerializable(typeof(DeployOutcome))]
[JsonSerializable(typeof(CertificateState))]
[JsonSerializable(typeof(FleetStatusDocument))]
[JsonSerializable(typeof(Served.ServedReport))]
public sealed partial class StatusJson : JsonSerializerContext;
