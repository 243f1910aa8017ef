using LbAcme.Renewal.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LbAcme.Renewal.Account;

public static class OperatorActionsServiceCollectionExtensions
{
    /// <summary>The operator's actions on the fleet account and its certificates, over the engine's own store, lock and account.</summary>
    public static IServiceCollection AddOperatorActions(this IServiceCollection services)
    {
        services.TryAddTransient<AccountKeyRollover>();
        services.TryAddTransient<AccountDeactivation>();
        services.TryAddTransient<CertificateRevocation>();
        return services;
    }
}
