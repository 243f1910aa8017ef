namespace LbAcme.Renewal.Limits;

/// <summary>
/// How much of each of <see cref="LetsEncryptLimits"/> this fleet lets itself use. The rest stays free because the
/// registered-domain and exact-set limits are global (other teams' clients on the same domain count too), and because
/// an operator's forced order or a revoke-and-reissue should find room without waiting a week.
/// </summary>
public sealed class LimitRules
{
    /// <summary>
    /// 0.9: 45 of 50 per registered domain (5 a week left to everyone else on the domain), 270 of 300 orders per
    /// 3 hours, 4 of 5 per exact set and 4 of 5 authorization failures an hour (one left for a manual retry).
    /// </summary>
    public const double DefaultUsableFraction = 0.9;

    public static readonly LimitRules Default = new(DefaultUsableFraction);

    private LimitRules(double usableFraction)
    {
        UsableFraction = usableFraction;
        NewOrders = LetsEncryptLimits.NewOrdersPerAccount.Usable(usableFraction);
        PerRegisteredDomain = LetsEncryptLimits.CertificatesPerRegisteredDomain.Usable(usableFraction);
        PerExactSet = LetsEncryptLimits.CertificatesPerExactSet.Usable(usableFraction);
        FailuresPerIdentifier = LetsEncryptLimits.AuthorizationFailuresPerIdentifier.Usable(usableFraction);
    }

    public double UsableFraction { get; }

    public int NewOrders { get; }

    public int PerRegisteredDomain { get; }

    public int PerExactSet { get; }

    public int FailuresPerIdentifier { get; }

    /// <summary>The rules for a configured fraction; a fraction outside (0, 1] is refused with what it must be.</summary>
    public static LimitRules From(double usableFraction) =>
        Problem(usableFraction) is { } problem ? throw new ArgumentOutOfRangeException(nameof(usableFraction), usableFraction, problem) : new LimitRules(usableFraction);

    /// <summary>What is wrong with a configured fraction, or null; the options validation reports it at start.</summary>
    public static string? Problem(double usableFraction) =>
        double.IsFinite(usableFraction) && usableFraction is > 0 and <= 1 ? null
            : $"'{usableFraction}' must be above 0 and at most 1 (the share of each Let's Encrypt limit this fleet may use)";
}
