namespace LbAcme.Operator.Actions;

/// <summary>
/// The operator actions' exit codes (revoke, account rollover-key, account deactivate): a script tells "done" from
/// "refused, nothing done" from "asked wrongly" from "do not know what happened".
/// </summary>
public enum ActionExitCode
{
    /// <summary>The function did it (a revoke of a certificate revoked already included: its renewal was queued).</summary>
    Done = 0,

    /// <summary>The function refused and did nothing: no such certificate, another CA's, busy, not the account's URL.</summary>
    Refused = 1,

    /// <summary>The command line, or the request the function received, is wrong (a usage error or a 400).</summary>
    Usage = 2,

    /// <summary>Unknown outcome: unreachable, key refused, timed out, a server error; check the status before repeating.</summary>
    Unknown = 3,
}
