namespace LbAcme.Sidecar.Peers;

internal enum FanOutOutcome
{
    Found,
    NotFound,
    Overloaded,
}

/// <summary>What asking the peers gave: the winning peer's key authorization, nothing, or a refusal because too many fan-outs run.</summary>
internal sealed record FanOutResult(FanOutOutcome Outcome, Peer? Peer = null, ReadOnlyMemory<byte> KeyAuthorization = default)
{
    public static FanOutResult NotFound { get; } = new(FanOutOutcome.NotFound);

    public static FanOutResult Overloaded { get; } = new(FanOutOutcome.Overloaded);
}
