using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Served;

/// <summary>The probe's bounds, checked at start: each error names its field.</summary>
internal sealed class ProbeOptionsValidation : IValidateOptions<ProbeOptions>
{
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    public const int MaxConcurrencyLimit = 256;

    public ValidateOptionsResult Validate(string? name, ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Timeout < MinTimeout || options.Timeout > MaxTimeout)
        {
            errors.Add($"{ProbeOptions.SectionName}:Timeout: {options.Timeout} must be between {MinTimeout} and {MaxTimeout}");
        }
        if (options.MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            errors.Add($"{ProbeOptions.SectionName}:MaxConcurrency: {options.MaxConcurrency} must be between 1 and {MaxConcurrencyLimit}");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
