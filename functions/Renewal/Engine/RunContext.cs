using LbAcme.Acme.Resources;
using LbAcme.Core.Fleet;

namespace LbAcme.Renewal.Engine;

/// <summary>
/// What every LB of one run shares: the fleet as read at start and the account. Issuance budgets are not here: they
/// are shared with every other invocation through <see cref="Budgets.IIssuanceBudgets"/>.
/// </summary>
public sealed class RunContext
{
    public RunContext(string runId, string trigger, bool force, FleetOptions fleet, AcmeAccount account, bool redelivered = false, DateTimeOffset? requestedAt = null)
    {
        RequestedAt = requestedAt;
        RunId = runId;
        Trigger = trigger;
        Force = force;
        Redelivered = redelivered;
        Fleet = fleet;
        Account = account;
    }

    public string RunId { get; }

    public string Trigger { get; }

    public bool Force { get; }

    /// <summary>A queue redelivery continues a failed request: the backoff that failure recorded does not hold it back.</summary>
    public bool Redelivered { get; }

    /// <summary>
    /// When the queue message was written (null: unknown). On a redelivery a certificate renewed at or after it was
    /// renewed by an earlier delivery of this same request, and is not ordered again, even when forced.
    /// </summary>
    public DateTimeOffset? RequestedAt { get; }

    public FleetOptions Fleet { get; }

    public AcmeAccount Account { get; }
}
