using LbAcme.Renewal.Policy;

namespace LbAcme.Renewal.Planning;

/// <summary>
/// The planner's answer for one LB. For <see cref="RenewalPlanKind.Renew"/>: why, the ARI CertID to send as
/// "replaces", and whether the order counts against the name set's 5-per-7-days budget (it does unless it
/// replaces a certificate). For the others: until when nothing happens, and for <see cref="RenewalPlanKind.Deferred"/>
/// which limit it waits for (<see cref="WaitingFor"/>, the sentence a budget refusal carries).
/// </summary>
public sealed record RenewalPlan(RenewalPlanKind Kind, RenewalReason Reason, DateTimeOffset? Until, string? Replaces, bool CountedAgainstBudget, string? WaitingFor = null)
{
    public static RenewalPlan NotDue(DateTimeOffset nextCheck) => new(RenewalPlanKind.NotDue, RenewalReason.NotDue, nextCheck, null, false);

    public static RenewalPlan BackingOff(DateTimeOffset retryAt) => new(RenewalPlanKind.BackingOff, RenewalReason.NotDue, retryAt, null, false);

    public static RenewalPlan Deferred(RenewalReason reason, DateTimeOffset allowedAt, string? waitingFor = null) => new(RenewalPlanKind.Deferred, reason, allowedAt, null, true, waitingFor);

    public static RenewalPlan Renew(RenewalReason reason, string? replaces) => new(RenewalPlanKind.Renew, reason, null, replaces, replaces is null);
}
