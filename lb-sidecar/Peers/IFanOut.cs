namespace LbAcme.Sidecar.Peers;

/// <summary>Asks the peers for a token this LB does not hold.</summary>
internal interface IFanOut
{
    Task<FanOutResult> AskPeersAsync(string token, CancellationToken requestAborted);
}
