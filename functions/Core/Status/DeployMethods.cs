namespace LbAcme.Core.Status;

/// <summary>
/// How HAProxy got a deployed file: the <see cref="DeployStatus.Reason"/> of <see cref="DeployOutcome.Deployed"/>
/// and <see cref="DeployOutcome.ApplyFailed"/>, and the sidecar's "method" metrics label. Stable strings.
/// </summary>
public static class DeployMethods
{
    /// <summary>Swapped into the running HAProxy through the Runtime API; no reload.</summary>
    public const string HotSwap = "hot_swap";

    /// <summary>The Runtime API could not take it; the reload command ran.</summary>
    public const string Reload = "reload";

    /// <summary>Only the file was written (a bootstrap certificate, or no Runtime API and no reload command).</summary>
    public const string WrittenOnly = "written_only";

    /// <summary>Neither way worked; the previous file was restored.</summary>
    public const string Failed = "failed";

    /// <summary>Every method above, so the sidecar can publish a zero series for each from start.</summary>
    public static IReadOnlyList<string> All { get; } = [HotSwap, Reload, WrittenOnly, Failed];
}
