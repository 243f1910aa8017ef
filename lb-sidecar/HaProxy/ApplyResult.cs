namespace LbAcme.Sidecar.HaProxy;

internal enum ApplyOutcome
{
    /// <summary>Written and swapped in the running HAProxy through the Runtime API: no reload, no dropped connection.</summary>
    HotSwapped,

    /// <summary>Written, and the reload command succeeded (Runtime API unreachable or refused).</summary>
    Reloaded,

    /// <summary>Written; HAProxy is not running (or could not be told), so it loads the file at its next start.</summary>
    WrittenOnly,

    /// <summary>HAProxy refused it and the reload did not help; the previous file was put back.</summary>
    Failed,
}

internal sealed record ApplyResult(ApplyOutcome Outcome, string Detail)
{
    public bool Deployed => Outcome != ApplyOutcome.Failed;
}
