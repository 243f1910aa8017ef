using System.Text.Json.Serialization;
using LbAcme.Sidecar.Options;

namespace LbAcme.Sidecar.Configuration;

/// <summary>Generated metadata of the sidecar's options types: the known keys of the <c>Sidecar</c> section.</summary>
[JsonSerializable(typeof(SidecarOptions))]
internal sealed partial class SidecarOptionsJson : JsonSerializerContext;
