namespace LbAcme.Renewal.Engine;

/// <summary>
/// One deposited key authorization, the identifier the CA will ask for it with (its Host header), and the LB that
/// holds it (sent as a hint: what the self-test proves is that every address reaches the owner, not the order
/// in which a sidecar walks its peers, and without it a 50-LB fleet spent seconds of CPU on peer 404s).
/// </summary>
public sealed record SelfTestChallenge(string Token, string Host, string KeyAuthorization, string? Owner = null);
