using Azure.Core;
using LbAcme.Functions;
using LbAcme.Functions.Local;
using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

try
{
    if (args is [LocalFunctionsHost.Verb, ..])
    {
        // No Functions host on this machine: run the same function classes over the real queue ourselves.
        return await LocalFunctionsHost.RunAsync(args[1..]);
    }
    var builder = FunctionsApplication.CreateBuilder(args);
    builder.ConfigureFunctionsWebApplication();
    // One log line per LB per hour: sampling would only risk dropping the line an alert waits for.
    builder.Services.AddApplicationInsightsTelemetryWorkerService(o => o.EnableAdaptiveSampling = false)
        .ConfigureFunctionsApplicationInsights();
    // The Application Insights provider adds a Warning floor by default; our Information lines carry the outcomes.
    builder.Logging.Services.Configure<LoggerFilterOptions>(options =>
    {
        if (options.Rules.FirstOrDefault(r => r.ProviderName == ApplicationInsightsProviderName) is { } floor)
        {
            options.Rules.Remove(floor);
        }
    });
    // The workspace refuses key-based ingestion; the worker's telemetry signs in with the app's identity, like the host's.
    if (builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true)
    {
        builder.Services.AddOptions<TelemetryConfiguration>().Configure<TokenCredential>((telemetry, credential) => telemetry.SetAzureTokenCredential(credential));
    }
    builder.Services.AddRenewalFunctions(builder.Configuration);
    using var app = builder.Build();
    app.Services.ValidateFunctionConfiguration(builder.Configuration);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    // Configuration errors name the field; print them plainly instead of a stack trace.
    foreach (var failure in e.Failures.Distinct())
    {
        await Console.Error.WriteLineAsync($"configuration error: {failure}");
    }
    return 2;
}

/// <summary>Entry point of the isolated worker (and of the stand-in host with the "local" verb).</summary>
internal static partial class Program
{
    private const string ApplicationInsightsProviderName = "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider";
}
