namespace LbAcme.Functions.Functions;

/// <summary>The function names the host knows (functions.metadata), the app setting the timer's schedule comes from.</summary>
public static class FunctionNames
{
    public const string RenewalTimer = "RenewalTimer";
    public const string RenewLb = "RenewLb";
    public const string Renew = "Renew";
    public const string Status = "Status";
    public const string Probe = "Probe";

    /// <summary>App setting holding the timer's NCRONTAB expression (six fields, UTC).</summary>
    public const string ScheduleSetting = "RenewalSchedule";
}
