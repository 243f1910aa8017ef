using System.Collections.Frozen;
using LbAcme.Core.Text;

namespace LbAcme.Core.Status;

/// <summary>The stable string of each <see cref="DeployOutcome"/>, read from its JSON name so the two cannot differ.</summary>
public static class DeployOutcomes
{
    private static readonly FrozenDictionary<DeployOutcome, string> Labels = JsonEnumNames.All(StatusJson.Default.DeployOutcome);

    public static IReadOnlyCollection<DeployOutcome> All => Labels.Keys;

    /// <summary>E.g. "not_in_store": the JSON value and the metrics label.</summary>
    public static string Label(this DeployOutcome outcome) => Labels[outcome];

    /// <summary>Rounds that leave the sync healthy; the others are retried with backoff.</summary>
    public static bool IsFailure(this DeployOutcome outcome) => outcome is DeployOutcome.StoreFailed or DeployOutcome.ApplyFailed;
}
