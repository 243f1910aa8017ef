using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;
using LbAcme.Renewal.Policy;
using LbAcme.Renewal.Store;

namespace LbAcme.Renewal.Planning;

/// <summary>
/// Decides what happens to one LB, without any I/O: backing off after failures (unless forced or a redelivery),
/// otherwise forced or <see cref="RenewalPolicy"/>'s timing, and for an order that counts against the name
/// set's budget, whether the budget and the first-issuance stagger leave room now.
/// </summary>
public static class RenewalPlanner
{
    public static RenewalPlan Plan(PlanInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (HoldBack(input.State, input.Now, input.Force, input.Redelivered) is { } held)
        {
            return held;
        }
        var decision = input.Force
            ? RenewalDecision.Now(RenewalReason.Forced, input.Now, ReplacesWhenForced(input.Current, input.Names))
            : RenewalPolicy.Decide(input.Current, input.Names, input.KeyType, input.Ari, input.Now,
                new BackstopFractions(input.Policy.BackstopRemainingFraction, input.Policy.ShortLivedBackstopRemainingFraction),
                input.Policy.CheckInterval);
        if (!decision.Renew)
        {
            return RenewalPlan.NotDue(decision.NextCheck);
        }
        var plan = RenewalPlan.Renew(decision.Reason, decision.Replaces);
        // A snapshot of the set's budget only: the reservation then checks every limit (domain, account, failures) and decides.
        if (plan.CountedAgainstBudget && BudgetDocument.Refusal(input.CountedIssuances, input.Names, input.State.Lb, input.Now, input.Policy.FirstIssuanceStagger,
                LimitRules.From(input.Policy.UsableLimitFraction)) is { } refused)
        {
            return RenewalPlan.Deferred(decision.Reason, refused.NextAllowed, refused.Limit);
        }
        return plan;
    }

    /// <summary>
    /// The backoff gate alone. It needs only the state, so the orchestrator asks it before spending a certificate
    /// read and an ARI request on an LB that would be held back anyway; <see cref="Plan"/> asks it first too.
    /// </summary>
    public static RenewalPlan? HoldBack(LbState state, DateTimeOffset now, bool force, bool redelivered)
    {
        ArgumentNullException.ThrowIfNull(state);
        return !force && !redelivered && state.NextAttempt is { } retryAt && retryAt > now ? RenewalPlan.BackingOff(retryAt) : null;
    }

    // A forced order still replaces the current certificate when it covers any wanted name, so ARI keeps it exempt;
    // never one from another directory, which the engine's CA did not issue and cannot replace.
    private static string? ReplacesWhenForced(CurrentCertificate? current, IReadOnlyList<string> names) =>
        current is { FromAnotherDirectory: false } && current.Names.Intersect(names, StringComparer.OrdinalIgnoreCase).Any() ? current.AriId : null;
}
