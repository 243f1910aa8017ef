using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Commands;

/// <summary>Turns configuration failures into lines an operator can act on, instead of a stack trace.</summary>
internal static class ConfigurationErrors
{
    /// <summary>Runs the ValidateOnStart validators now; returns the errors, empty when the configuration is good.</summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        try
        {
            (services.GetService(typeof(IStartupValidator)) as IStartupValidator)?.Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return [.. e.Failures];
        }
        catch (AggregateException e)
        {
            return [.. e.Flatten().InnerExceptions.SelectMany(inner => inner is OptionsValidationException v ? v.Failures : [inner.Message])];
        }
        catch (InvalidOperationException e)
        {
            // The binder's "Failed to convert configuration value at 'Fleet:LoadBalancers:0:PeerPort' to type 'System.Int32'."
            return [e.Message];
        }
    }

    public static async Task<int> ReportAsync(IReadOnlyList<string> errors)
    {
        await Console.Error.WriteLineAsync("lb-sidecar: invalid configuration:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync("  " + error);
        }
        return SidecarCommandLine.BadConfiguration;
    }
}
