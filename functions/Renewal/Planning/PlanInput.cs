using LbAcme.Acme.Ari;
using LbAcme.Core.Fleet;
using LbAcme.Core.Keys;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Planning;

/// <summary>
/// Everything the planner looks at, already read: the LB's remembered state, its current certificate (null
/// when there is none), the CA's ARI advice (null when unavailable), the wanted names and key type, the
/// request's flags, the fleet's policy, and the counted issuances of the LB's name set.
/// </summary>
public sealed record PlanInput
{
    public required LbState State { get; init; }

    public CurrentCertificate? Current { get; init; }

    public RenewalInfo? Ari { get; init; }

    public required IReadOnlyList<string> Names { get; init; }

    public KeyType KeyType { get; init; } = KeyType.EcP256;

    public required DateTimeOffset Now { get; init; }

    /// <summary>Renew even when nothing is due (an operator asked).</summary>
    public bool Force { get; init; }

    /// <summary>A queue redelivery continuing a failed request: the backoff that failure recorded does not hold it back.</summary>
    public bool Redelivered { get; init; }

    public required RenewalPolicyOptions Policy { get; init; }

    /// <summary>The name set's counted issuances, by LB (a snapshot of the shared budget; the reservation decides).</summary>
    public IReadOnlyCollection<BudgetReservation> CountedIssuances { get; init; } = [];
}
