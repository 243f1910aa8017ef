using System.Text.Json.Serialization;

namespace LbAcme.Core.Status;

/// <summary>
/// How a sidecar's certificate sync round ended. The JSON names are the stable strings: status/{lb} carries them,
/// the sidecar's metrics use them as the "outcome" label (<see cref="DeployOutcomes.Label"/>), and tests and the
/// function read them. Renaming a member is fine; changing a JSON name breaks dashboards and old readers.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeployOutcome>))]
public enum DeployOutcome
{
    /// <summary>A new store version was verified and handed to HAProxy.</summary>
    [JsonStringEnumMemberName("deployed")]
    Deployed,

    /// <summary>The store's version is the certificate already served.</summary>
    [JsonStringEnumMemberName("unchanged")]
    Unchanged,

    /// <summary>The store's version was settled in an earlier round; nothing was parsed.</summary>
    [JsonStringEnumMemberName("skipped")]
    Skipped,

    /// <summary>The store's version failed verification; the deployed certificate keeps serving.</summary>
    [JsonStringEnumMemberName("refused")]
    Refused,

    /// <summary>The certificate store has no certificate for this LB yet.</summary>
    [JsonStringEnumMemberName("not_in_store")]
    NotInStore,

    /// <summary>The certificate store did not answer.</summary>
    [JsonStringEnumMemberName("store_failed")]
    StoreFailed,

    /// <summary>Writing the PEM or telling HAProxy failed; the deployed certificate keeps serving.</summary>
    [JsonStringEnumMemberName("apply_failed")]
    ApplyFailed,

    /// <summary>Nothing was deployed or obtainable, so a self-signed certificate was written for HAProxy to start.</summary>
    [JsonStringEnumMemberName("bootstrapped")]
    Bootstrapped,
}
