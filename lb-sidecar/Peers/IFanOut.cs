namespace LbAcme.Sidecar.Peers;

/// <summary>Asks the peers for a token this LB does not hold.</summary>
internal interface IFanOut
{
    /// <param name="token">A validated challenge token.</param>
    /// <param name="hint">Where the request says the token lives; that peer is asked first.</param>
    /// <param name="requestAborted">The client went away.</param>
    Task<FanOutResult> AskPeersAsync(string token, FanOutHint hint, CancellationToken requestAborted);
}
