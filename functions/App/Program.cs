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
catch (OptionsValidationException e)
{
    // Configuration errors name the field; print them plainly instead of a stack trace.
    foreach (var failure in e.Failures)
    {
        await Console.Error.WriteLineAsync($"configuration error: {failure}");
    }
    return 2;
}
