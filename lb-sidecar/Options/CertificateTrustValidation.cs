using LbAcme.Core.Fleet;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// With certificate sync on, the fleet's trusted roots must resolve to at least one certificate: a fleet on a CA
/// other than Let's Encrypt must name its roots, and a file that cannot be read or matches no pin is refused at
/// start instead of refusing every certificate later.
/// </summary>
internal sealed class CertificateTrustValidation(IOptions<FleetOptions> fleet) : IValidateOptions<SidecarOptions>
{
    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.CertificateSync.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        FleetOptions resolved;
        try
        {
            resolved = fleet.Value;
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Success; // the fleet's own validation reports its errors
        }
        return TrustAnchors.TryLoad(resolved, out _, out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}
