namespace LbAcme.Renewal.Engine;

/// <summary>
/// An address the self-test asks. VIPs are where the CA connects, so they must answer; an LB's own address
/// may be down (that LB is stopped, its VIP moved) and is then skipped — but if it answers, it must answer right.
/// The owner is the LB whose sidecar must pick the token up from the store: it is asked alone until it has.
/// </summary>
public sealed record SelfTestTarget(string Address, int Port, bool Required, bool Owner = false);
