using Xunit;

namespace LbAcme.Sidecar.Tests.Dapr;

/// <summary>
/// The rollout tests run alone: each starts HAProxy, a sidecar and a handshake loop, and on a 2-core box a parallel
/// collection would starve the loop (a slow handshake is not a failed one, but it blurs what a test proves).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RolloutGroup
{
    public const string Name = "dapr rollout";
}
