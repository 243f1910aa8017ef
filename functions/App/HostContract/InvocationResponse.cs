using System.Text.Json.Serialization;

namespace LbAcme.Functions.HostContract;

/// <summary>
/// The handler's answer to the host: output bindings, log lines (they go to the invocation log and
/// Application Insights), and a return value. Any non-2xx status fails the invocation.
/// </summary>
public sealed record InvocationResponse
{
    [JsonPropertyName("Outputs")]
    public Dictionary<string, object?> Outputs { get; init; } = [];

    [JsonPropertyName("Logs")]
    public List<string> Logs { get; init; } = [];

    [JsonPropertyName("ReturnValue")]
    public object? ReturnValue { get; init; }
}
