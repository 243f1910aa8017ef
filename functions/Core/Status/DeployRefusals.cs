namespace LbAcme.Core.Status;

/// <summary>
/// Why a store version was not deployed: the <see cref="DeployStatus.Reason"/> of <see cref="DeployOutcome.Refused"/>
/// and the sidecar's "reason" metrics label. Stable strings, read by tests, alerts and the function's status.
/// </summary>
public static class DeployRefusals
{
    /// <summary>Not a parseable bundle: a block does not decode, the key is not the leaf's, the chain does not link.</summary>
    public const string InvalidBundle = "invalid_bundle";

    public const string NotYetValid = "not_yet_valid";

    public const string Expired = "expired";

    /// <summary>An intermediate of the bundle is outside its validity period.</summary>
    public const string ChainNotValidNow = "chain_not_valid_now";

    /// <summary>The leaf does not cover every name this LB serves.</summary>
    public const string WrongNames = "wrong_names";

    /// <summary>The leaf is not newer than the deployed one.</summary>
    public const string NotNewer = "not_newer";

    /// <summary>The chain does not lead to a root the fleet trusts (Fleet:TrustedRoots).</summary>
    public const string UntrustedChain = "untrusted_chain";

    /// <summary>A Let's Encrypt staging certificate for a production fleet, or a production one for a staging fleet.</summary>
    public const string WrongEnvironment = "wrong_environment";

    /// <summary>
    /// The certificate's directory tag names another ACME directory than the fleet's Fleet:AcmeDirectoryUrl (see
    /// <see cref="Origin.AcmeDirectoryTag"/>): issued before the fleet moved to another CA or environment.
    /// </summary>
    public const string WrongDirectory = "wrong_directory";

    /// <summary>The stored object is over its read cap; it was not downloaded.</summary>
    public const string TooLarge = "too_large";

    /// <summary>Every reason above, so the sidecar can publish a zero series for each from start.</summary>
    public static IReadOnlyList<string> All { get; } =
        [InvalidBundle, NotYetValid, Expired, ChainNotValidNow, WrongNames, NotNewer, UntrustedChain, WrongEnvironment, WrongDirectory, TooLarge];
}
