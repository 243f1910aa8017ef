using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using LbAcme.Acme;
using LbAcme.Certificates;
using LbAcme.Certificates.Stores;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Renewal.Account;
using LbAcme.Renewal.Budgets;
using LbAcme.Renewal.Limits;
using LbAcme.Renewal.Runs;
using LbAcme.Renewal.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Engine;

public static class RenewalServiceCollectionExtensions
{
    public const string StoreSectionName = "Store";

    /// <summary>
    /// Everything a renewal run needs, from configuration sections "Fleet", "Engine" and "Store", each
    /// validated when the host starts. Defaults are registered with TryAdd so a host can replace them.
    /// </summary>
    public static IServiceCollection AddRenewalEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddFleet(configuration);
        services.AddOptions<RenewalEngineOptions>().Bind(configuration.GetSection(RenewalEngineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RenewalEngineOptions>, RenewalEngineOptionsValidation>());
        services.AddAzureCredential();
        services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreSectionName))
            .Validate(o => o.IsConfigured, "Store: set ConnectionString, ContainerSasUri or ServiceUri").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddChallengeStore();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<RenewalEngineOptions>>().Value);

        services.AddAcmeClient(_ => { })
            .ConfigurePrimaryHttpMessageHandler(sp => AcmeHandler(sp.GetRequiredService<RenewalEngineOptions>()));
        services.AddOptions<AcmeClientOptions>().Configure<IOptions<FleetOptions>>((acme, fleet) =>
        {
            acme.DirectoryUrl = fleet.Value.AcmeDirectoryUrl;
            acme.UserAgent = "lb-acme-renewal/1.0";
        });
        services.AddHttpClient<SelfTest>().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });

        services.TryAddSingleton<IRunJournal>(sp => new BlobRunJournal(sp.GetRequiredService<BlobContainerClient>()));
        services.TryAddSingleton<ILbLock>(sp => new BlobLeaseLock(sp.GetRequiredService<BlobContainerClient>(), sp.GetRequiredService<RenewalEngineOptions>().LockLease, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICertificateStore>(CreateCertificateStore);
        services.TryAddSingleton<IAccountKeyStore>(CreateAccountKeyStore);
        // The same share of each limit the planner assumes (Fleet:Renewal:UsableLimitFraction), so a plan and its reservation agree.
        services.TryAddSingleton<IIssuanceBudgets>(sp => new BlobIssuanceBudgets(sp.GetRequiredService<BlobContainerClient>(),
            LimitRules.From(sp.GetRequiredService<IOptions<FleetOptions>>().Value.Renewal.UsableLimitFraction)));
        services.TryAddSingleton<IPendingCertificates>(sp => new BlobPendingCertificates(sp.GetRequiredService<BlobContainerClient>()));
        services.TryAddSingleton<FleetAccount>();
        services.AddOperatorActions();
        services.TryAddTransient<OrderExecutor>();
        services.TryAddTransient<PendingImports>();
        services.TryAddTransient<AttemptJournal>();
        services.TryAddTransient<CertificateRenewal>();
        services.TryAddTransient<LbRenewal>();
        services.TryAddTransient<IRenewalRunner, RenewalRunner>();
        return services;
    }

    /// <summary>
    /// Reads every options section now, so a wrong field surfaces as one OptionsValidationException listing
    /// all failures by name — before a host starts and logs its own stack trace.
    /// </summary>
    public static void ValidateRenewalConfiguration(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failures = new List<string>();
        Collect(() => services.GetRequiredService<IOptions<FleetOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<RenewalEngineOptions>>().Value, failures);
        Collect(() => services.GetRequiredService<IOptions<StoreOptions>>().Value, failures);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("configuration", typeof(RenewalEngineOptions), failures.Distinct());
        }
    }

    private static void Collect(Func<object> read, List<string> failures)
    {
        try
        {
            read();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
    }

    private static ICertificateStore CreateCertificateStore(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<RenewalEngineOptions>();
        return options.CertificateStore == CertificateStores.KeyVault
            ? CertificateStores.Certificates(KeyVault(sp, options))
            : CertificateStores.Certificates(CertificateContainer(sp, options));
    }

    private static IAccountKeyStore CreateAccountKeyStore(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<RenewalEngineOptions>();
        return options.CertificateStore == CertificateStores.KeyVault
            ? CertificateStores.AccountKeys(KeyVault(sp, options))
            : CertificateStores.AccountKeys(CertificateContainer(sp, options));
    }

    // KeyVaultUri is known to be set here: RenewalEngineOptionsValidation refuses keyvault without it at start.
    private static KeyVaultConnection KeyVault(IServiceProvider sp, RenewalEngineOptions options) =>
        new(options.KeyVaultUri!, sp.GetRequiredService<TokenCredential>());

    private static BlobContainerClient CertificateContainer(IServiceProvider sp, RenewalEngineOptions options)
    {
        var shared = sp.GetRequiredService<BlobContainerClient>();
        return shared.GetParentBlobServiceClient().GetBlobContainerClient(options.CertificateContainer);
    }

    /// <summary>The ACME handler: no proxy, no redirects; optionally one extra trusted root (a private CA or a local Pebble).</summary>
    private static SocketsHttpHandler AcmeHandler(RenewalEngineOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (options.AcmeTrustedRootPath is { } path)
        {
            var root = X509CertificateLoader.LoadCertificateFromFile(path);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ExtraRootTrust.For(root),
            };
        }
        return handler;
    }
}
