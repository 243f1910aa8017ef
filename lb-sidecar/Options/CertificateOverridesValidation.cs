using LbAcme.Core.Fleet;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Options;

/// <summary>
/// <c>Sidecar:CertificateSync:PemPath</c> and <c>RuntimeCertificatePath</c> each name one file: they fit the
/// one-certificate fleet (the <c>Fleet:Names</c> shorthand or a single <c>Fleet:Certificates</c> entry) and are
/// refused for several certificates, whose PEMs live at <c>{CertificateDirectory}/{first name}/haproxy</c> each.
/// </summary>
internal sealed class CertificateOverridesValidation(IOptions<FleetOptions> fleet) : IValidateOptions<SidecarOptions>
{
    private const string Root = SidecarOptions.SectionName + ":CertificateSync";

    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        var sync = options.CertificateSync;
        if (!sync.Enabled || (sync.PemPath is null && string.IsNullOrWhiteSpace(sync.RuntimeCertificatePath)))
        {
            return ValidateOptionsResult.Success;
        }
        int count;
        try
        {
            count = FleetCertificates.All(fleet.Value).Count;
        }
        catch (OptionsValidationException)
        {
            return ValidateOptionsResult.Success; // the fleet's own validation names its errors
        }
        if (count <= 1)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        foreach (var (field, value) in new[] { ("PemPath", sync.PemPath), ("RuntimeCertificatePath", sync.RuntimeCertificatePath) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{Root}:{field}: '{value}' names one file, but Fleet:Certificates has {count} certificates; remove it (each certificate's PEM is "
                    + "{Fleet:HaProxy:CertificateDirectory}/{its first name}/haproxy, listed in the crt-list Fleet:HaProxy:CrtList)");
            }
        }
        return ValidateOptionsResult.Fail(errors);
    }
}
