using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Binds the <c>Fleet</c> section with the generated (Native AOT safe) binder. That binder throws on a value it
/// cannot convert; turn that into the same validation failure the validator gives, naming the field, so a typo in
/// fleet.json reads as a configuration error and not as a stack trace.
/// </summary>
public static class FleetBinding
{
    internal static void Bind(IConfiguration section, FleetOptions options)
    {
        if (!TryBind(section, options, out var errors))
        {
            throw new OptionsValidationException(FleetOptions.SectionName, typeof(FleetOptions), errors);
        }
    }

    /// <summary>
    /// For a command that reads the fleet without a host (<c>lb-sidecar render</c>): bound and canonicalized exactly
    /// as <see cref="FleetServiceCollectionExtensions.AddFleet"/> does, or the binder's errors by field. Not validated.
    /// </summary>
    public static bool TryLoad(IConfiguration section, out FleetOptions fleet, out IReadOnlyList<string> errors)
    {
        fleet = new FleetOptions();
        if (!TryBind(section, fleet, out errors))
        {
            return false;
        }
        FleetNames.Canonicalize(fleet);
        return true;
    }

    private static bool TryBind(IConfiguration section, FleetOptions options, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(section);
        // The generated binder reports a value it cannot convert only by throwing; read the raw values for the fields.
        try
        {
            section.Bind(options);
            errors = [];
            return true;
        }
        catch (InvalidOperationException e)
        {
            List<string> raw = [.. FleetOptionsValidation.RawErrors(section), .. NotificationOptionsValidation.RawErrors(section)];
            errors = raw.Count > 0 ? raw : [e.Message];
            return false;
        }
    }
}
