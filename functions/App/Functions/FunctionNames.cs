namespace LbAcme.Functions.Functions;

/// <summary>The function names the host knows (functions.metadata), the app setting the timer's schedule comes from.</summary>
public static class FunctionNames
{
    public const string RenewalTimer = "RenewalTimer";
    public const string RenewLb = "RenewLb";
    public const string Renew = "Renew";
    public const string Status = "Status";
    public const string Probe = "Probe";

    // The operator actions. Neither a name nor a route may start with "admin": the Functions host reserves it for its
    // own admin API and refuses such a function at start ("conflicts with one or more built in routes"), even under /api.
    public const string RevokeCertificate = "RevokeCertificate";
    public const string RollAccountKey = "RollAccountKey";
    public const string DeactivateAccount = "DeactivateAccount";

    /// <summary>App setting holding the timer's NCRONTAB expression (six fields, UTC).</summary>
    public const string ScheduleSetting = "RenewalSchedule";
}
