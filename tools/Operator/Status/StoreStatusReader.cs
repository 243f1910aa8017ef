using System.Globalization;
using System.Text.Json;
using LbAcme.Core.Status;
using LbAcme.Functions.Functions;
using LbAcme.Functions.Schedule;
using LbAcme.Renewal.Engine;
using Microsoft.Extensions.Options;

namespace LbAcme.Operator.Status;

/// <summary>Store mode: the fleet status document built from the store through the function's own status source, within the timeout.</summary>
public static class StoreStatusReader
{
    public static async Task<StatusRead> ReadAsync(StoreArguments arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (StoreConfiguration.Build(arguments, out var problem) is not { } configuration)
        {
            return StatusRead.Failed(problem!);
        }
        await using var services = StoreStatusSource.Build(configuration);
        var failures = new List<string>();
        try
        {
            services.ValidateRenewalConfiguration();
        }
        catch (OptionsValidationException e)
        {
            failures.AddRange(e.Failures.Distinct());
        }
        // The dead-man's switch needs the timer's schedule, checked as the function app checks it.
        if (!NCrontabSchedule.TryParse(configuration[FunctionNames.ScheduleSetting] ?? string.Empty, out _, out var scheduleProblem))
        {
            failures.Add($"{FunctionNames.ScheduleSetting} (--schedule or the config file): {scheduleProblem}");
        }
        if (failures.Count > 0)
        {
            return StatusRead.Failed("configuration: " + string.Join("; ", failures));
        }
        var source = StoreStatusSource.Resolve(services);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var document = await source.GetAsync(deadline.Token);
            return new StatusRead(document, JsonSerializer.Serialize(document, StatusJson.Default.FleetStatusDocument), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StatusRead.Failed(string.Create(CultureInfo.InvariantCulture, $"the store did not answer within {timeout.TotalSeconds:0.#} s"));
        }
#pragma warning disable CA1031 // the store is what is being checked: however reading it fails, the status is unknown (exit 3), said in one line
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return StatusRead.Failed($"the store could not be read: {e.GetType().Name}: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
