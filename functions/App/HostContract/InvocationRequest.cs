using System.Text.Json;

namespace LbAcme.Functions.HostContract;

/// <summary>What the Functions host POSTs to /{FunctionName} for a non-HTTP trigger: binding data and metadata.</summary>
public sealed record InvocationRequest
{
    public Dictionary<string, JsonElement> Data { get; init; } = [];

    public Dictionary<string, JsonElement> Metadata { get; init; } = [];
}
