namespace LbAcme.Core.Store;

/// <summary>
/// Blob names in the shared store's container. One container, eight prefixes:
/// <c>challenges/{lb}/{token}</c> (key authorization, deleted after the order) with the change marker
/// <c>challenges/{lb}/.marker</c>, <c>locks/{lb}</c>, <c>runs/{lb}/{stamp}-{runId}.json</c> (one per attempt) and
/// <c>runs/state/{lb}.json</c> (the engine's memory of the LB), <c>status/{lb}</c>,
/// <c>budgets/{id}.json</c> (a name set's issuance budget, shared by every function instance) and
/// <c>pending/{lb}</c> (an issued bundle the certificate store refused, with its key: function-only),
/// <c>probes/</c> (the served-certificate probe's report) and <c>notifications/</c> (what was sent), both function-only.
/// </summary>
public static class StoreLayout
{
    /// <summary>Name of the marker blob; it starts with '.', which no base64url token can, so it never collides.</summary>
    public const string MarkerName = ".marker";

    public const string ChallengesPrefix = "challenges/";

    public const string LocksPrefix = "locks/";

    public const string RunsPrefix = "runs/";

    public static string ChallengePrefix(string lb) => $"{ChallengesPrefix}{lb}/";

    public static string Challenge(string lb, string token) => $"{ChallengesPrefix}{lb}/{token}";

    public static string ChallengeMarker(string lb) => $"{ChallengesPrefix}{lb}/{MarkerName}";

    public static string Lock(string lb) => $"{LocksPrefix}{lb}";

    public static string Status(string lb) => $"status/{lb}";

    /// <summary>The engine's state of one LB between runs.</summary>
    public static string RunState(string lb) => $"{RunsPrefix}state/{lb}.json";

    /// <summary>Every attempt record of one LB, sortable by name.</summary>
    public static string RunRecordPrefix(string lb) => $"{RunsPrefix}{lb}/";

    /// <summary>One attempt's record; <paramref name="stamp"/> is its start as yyyyMMddTHHmmssZ.</summary>
    public static string RunRecord(string lb, string stamp, string runId) => $"{RunRecordPrefix(lb)}{stamp}-{runId}.json";

    public const string BudgetsPrefix = "budgets/";

    /// <summary>The budget blob of one name set; <paramref name="nameSetId"/> is the SHA-256 hex of the sorted names.</summary>
    public static string Budget(string nameSetId) => $"{BudgetsPrefix}{nameSetId}.json";

    /// <summary>
    /// Outside <c>challenges/{lb}/</c> and <c>status/{lb}</c>, the only paths an LB's identity may touch, because it
    /// holds a private key an LB must only get through the certificate store.
    /// </summary>
    public static string Pending(string lb) => $"pending/{lb}";

    /// <summary>The latest served-certificate probe report (function-only).</summary>
    public const string ServedReport = "probes/served.json";

    /// <summary>
    /// When the renewal timer last fired (function-only): the status's dead-man's switch reads it. Beside the per-LB
    /// families under runs/, never inside one: an LB name has no '.', so no runs/{lb}/ prefix can reach it.
    /// </summary>
    public const string LastTimerRun = "runs/timer.json";

    /// <summary>What each notification channel was last told, per subject, so a state change is sent once (function-only).</summary>
    public const string NotificationState = "notifications/state.json";
}
