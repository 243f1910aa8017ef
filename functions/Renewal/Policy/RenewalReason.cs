namespace LbAcme.Renewal.Policy;

/// <summary>Why a certificate is (or is not yet) renewed; recorded in the run journal and Status.</summary>
public enum RenewalReason
{
    NotDue,
    Missing,
    NamesChanged,
    KeyTypeChanged,
    AriWindow,
    Backstop,
    Forced,

    /// <summary>
    /// The certificate came from another ACME directory than the one the engine orders from (the fleet moved CA or
    /// environment). Ordered without "replaces" (the new CA did not issue it), so it counts against the name set's
    /// budget and is staggered exactly like a first issuance.
    /// </summary>
    DirectoryChanged,
}
