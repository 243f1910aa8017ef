using System.Text.Json.Serialization;

namespace LbAcme.Core.Fleet;

/// <summary>Generated metadata of the fleet's options types: the known keys <see cref="StrictKeys"/> checks the <c>Fleet</c> section against.</summary>
[JsonSerializable(typeof(FleetOptions))]
public sealed partial class FleetOptionsJson : JsonSerializerContext;
