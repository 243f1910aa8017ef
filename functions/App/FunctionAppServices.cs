using Azure.Core;
using Azure.Storage.Queues;
using LbAcme.Core.Fleet;
using LbAcme.Core.Store;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Queue;
using LbAcme.Functions.Schedule;
using LbAcme.Renewal.Engine;
using LbAcme.Renewal.Notifications;
using LbAcme.Renewal.Served;
using LbAcme.Renewal.Status;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LbAcme.Functions;

/// <summary>What the function classes need, for the isolated worker and the stand-in host alike.</summary>
public static class FunctionAppServices
{
    /// <summary>
    /// The renewal engine, the queue (from the same connection setting the trigger reads) and the function
    /// classes. The queue client is made here, from configuration, so a missing setting is known before start.
    /// </summary>
    public static IServiceCollection AddRenewalFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddRenewalEngine(configuration);
        services.AddNotifications(configuration);
        services.AddSingleton<ITelemetryInitializer>(sp => new WebhookTelemetryRedaction(sp.GetService<NotificationChannels>()?.Webhooks.Select(w => w.Url) ?? []));
        services.AddAzureCredential();
        // One queue client per process, from the setting the trigger reads; validation, the functions and the
        // stand-in host's listener all use it.
        services.TryAddSingleton(sp =>
        {
            var (client, problem) = RenewalQueueConnection.Create(configuration, sp.GetRequiredService<TokenCredential>());
            return client ?? throw new OptionsValidationException(RenewalQueueContract.Connection, typeof(QueueServiceClient), [problem!]);
        });
        services.TryAddSingleton<IRenewalRequests>(sp => new StorageRenewalRequests(sp.GetRequiredService<QueueServiceClient>()));
        services.TryAddTransient<RenewalEnqueuer>();
        services.TryAddTransient<LeftoverReport>();
        services.TryAddTransient<RenewalTimerFunction>();
        services.TryAddTransient<RenewLbFunction>();
        services.TryAddTransient<RenewFunction>();
        services.TryAddTransient<StatusFunction>();
        services.TryAddTransient<AdminRevokeFunction>();
        services.TryAddTransient<AdminKeyRolloverFunction>();
        services.TryAddTransient<AdminDeactivateFunction>();
        services.AddServedProbe(configuration);
        services.TryAddTransient<ProbeFunction>();
        services.AddFleetStatus().TryAddSingleton<IRenewalSchedule>(_ => ConfiguredRenewalSchedule.From(configuration));
        services.AddServedProbe(configuration);
        services.TryAddTransient<ProbeFunction>();
        return services;
    }

    /// <summary>Every setting the app reads, checked now: one exception listing each wrong field by name.</summary>
    public static void ValidateFunctionConfiguration(this IServiceProvider services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        try
        {
            services.ValidateRenewalConfiguration();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        try
        {
            _ = services.GetRequiredService<IOptions<ProbeOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        try
        {
            services.GetRequiredService<QueueServiceClient>();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures);
        }
        var schedule = configuration[FunctionNames.ScheduleSetting];
        if (string.IsNullOrWhiteSpace(schedule))
        {
            failures.Add($"{FunctionNames.ScheduleSetting}: required (six-field NCRONTAB, UTC), e.g. 0 17 * * * *");
        }
        else if (!NCrontabSchedule.TryParse(schedule, out _, out var scheduleProblem))
        {
            failures.Add($"{FunctionNames.ScheduleSetting}: {scheduleProblem}");
        }
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("configuration", typeof(FunctionAppServices), failures.Distinct());
        }
        // Accepted, but spelled otherwise than used (case, trailing dot, Unicode): said once, so nobody wonders later.
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionAppServices));
        foreach (var note in FleetNames.Notes(configuration.GetSection(FleetOptions.SectionName)))
        {
            FunctionLog.NameSpelling(logger, note);
        }
    }
}
