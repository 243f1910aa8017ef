namespace LbAcme.Functions.Endpoints;

/// <summary>Function names as the host knows them: folder names at the app root, each holding function.json.</summary>
public static class FunctionNames
{
    public const string RenewalTimer = "RenewalTimer";
    public const string TimerBinding = "timer";
    public const string Renew = "Renew";
    public const string Status = "Status";
}
