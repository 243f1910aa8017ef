namespace LbAcme.Renewal.Planning;

/// <summary>What the planner tells the orchestrator to do with one LB this time.</summary>
public enum RenewalPlanKind
{
    /// <summary>Nothing due; look again at <see cref="RenewalPlan.Until"/>.</summary>
    NotDue,

    /// <summary>Earlier failures hold the LB back until <see cref="RenewalPlan.Until"/>.</summary>
    BackingOff,

    /// <summary>Due, but the name set's issuance budget (or the first-issuance stagger) has no room before <see cref="RenewalPlan.Until"/>.</summary>
    Deferred,

    /// <summary>Order now.</summary>
    Renew,
}
