using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Binds the <c>Fleet</c> section with the generated (Native AOT safe) binder. That binder throws on a value it
/// cannot convert; turn that into the same validation failure the validator gives, naming the field, so a typo in
/// fleet.json reads as a configuration error and not as a stack trace.
/// </summary>
internal static class FleetBinding
{
    public static void Bind(IConfiguration section, FleetOptions options)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            var errors = FleetOptionsValidation.RawPortErrors(section);
            throw new OptionsValidationException(FleetOptions.SectionName, typeof(FleetOptions), errors.Count > 0 ? errors : [e.Message]);
        }
    }
}
