using LbAcme.Certificates.Stores;
using Microsoft.Extensions.Options;

namespace LbAcme.Renewal.Engine;

/// <summary>Cross-field rules of the <c>Engine</c> section, checked at start so a store is never made from half a configuration.</summary>
internal sealed class RenewalEngineOptionsValidation : IValidateOptions<RenewalEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, RenewalEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CertificateStore == CertificateStores.KeyVault && options.KeyVaultUri is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            return ValidateOptionsResult.Fail(
                $"{RenewalEngineOptions.SectionName}:KeyVaultUri: '{options.KeyVaultUri}' must be the vault's https URL (e.g. https://my-vault.vault.azure.net/) when {RenewalEngineOptions.SectionName}:CertificateStore is '{CertificateStores.KeyVault}'");
        }
        return ValidateOptionsResult.Success;
    }
}
