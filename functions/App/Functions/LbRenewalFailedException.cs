using System.Diagnostics.CodeAnalysis;
using LbAcme.Renewal.Runs;

namespace LbAcme.Functions.Functions;

/// <summary>Thrown by RenewLb so the host counts the invocation as failed and delivers the message again (or poisons it).</summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "Always carries the LB's outcome; nothing else constructs it.")]
public sealed class LbRenewalFailedException : Exception
{
    public LbRenewalFailedException(LbOutcome outcome, long delivery)
        : base($"Renewal of {outcome?.Lb} failed on delivery {delivery} ({outcome?.Reason}): {outcome?.Detail}")
    {
        ArgumentNullException.ThrowIfNull(outcome);
    }
}
