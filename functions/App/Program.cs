using LbAcme.Functions;
using Microsoft.Extensions.Options;

try
{
    if (args.FirstOrDefault() == "timer")
    {
        return await LocalRunner.RunAsync(args);
    }
    await using var app = HandlerApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (ConfigurationFailures(e) is { Count: > 0 } failures)
{
    // Configuration errors name the field; print them plainly instead of a stack trace.
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"configuration error: {failure}");
    }
    return 2;
}

// The host reports start-up validation as an AggregateException of OptionsValidationExceptions.
static List<string> ConfigurationFailures(Exception e) => e switch
{
    OptionsValidationException validation => [.. validation.Failures.Distinct()],
    AggregateException aggregate => [.. aggregate.Flatten().InnerExceptions.OfType<OptionsValidationException>().SelectMany(v => v.Failures).Distinct()],
    _ => [],
};
