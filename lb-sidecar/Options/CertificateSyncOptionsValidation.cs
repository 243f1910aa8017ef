using System.Text.RegularExpressions;
using LbAcme.Certificates.Stores;
using LbAcme.Sidecar.HaProxy;
using Microsoft.Extensions.Options;

namespace LbAcme.Sidecar.Options;

/// <summary>Checks <c>Sidecar:CertificateSync</c> when it is enabled; errors name the field's configuration path.</summary>
internal sealed partial class CertificateSyncOptionsValidation : IValidateOptions<SidecarOptions>
{
    private const string Root = SidecarOptions.SectionName + ":CertificateSync";

    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        var sync = options.CertificateSync;
        if (!sync.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (!NamePattern().IsMatch(sync.CertificateName))
        {
            errors.Add($"{Root}:CertificateName: '{sync.CertificateName}' must be 1-60 letters, digits or '-' (the renewal engine's Engine:CertificateName)");
        }
        ValidateStore(options, errors);
        RequireRange(sync.Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1), "Interval", errors);
        RequireRange(sync.RetryDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), "RetryDelay", errors);
        if (sync.MaxBackoff < sync.RetryDelay)
        {
            errors.Add($"{Root}:MaxBackoff: '{sync.MaxBackoff}' must be at least RetryDelay ('{sync.RetryDelay}')");
        }
        RequireRange(sync.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5), "RequestTimeout", errors);
        RequireRange(sync.RuntimeApiTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5), "RuntimeApiTimeout", errors);
        RequireRange(sync.ReloadTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), "ReloadTimeout", errors);
        if (sync.PemPath is { } pem && !Path.IsPathFullyQualified(pem))
        {
            errors.Add($"{Root}:PemPath: '{pem}' must be an absolute path");
        }
        if (!string.IsNullOrEmpty(sync.FileOwner))
        {
            ValidateFileOwner(sync.FileOwner, errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The owner must exist, and this process must be able to hand the PEM over and read it back: without the
    /// capabilities every deploy would fail and a new LB would get no PEM at all, so the start is refused instead.
    /// </summary>
    private static void ValidateFileOwner(string text, List<string> errors)
    {
        if (!FileOwner.TryResolve(text, out var owner, out var problem))
        {
            errors.Add($"{Root}:FileOwner: {problem}");
            return;
        }
        if (!OperatingSystem.IsLinux() || ProcessCapabilities.Effective() is not { } effective)
        {
            return;
        }
        var (uid, gid) = Posix.EffectiveIds();
        var missing = ProcessCapabilities.Missing(ProcessCapabilities.Needed(owner!, uid, gid), effective);
        if (missing.Count > 0)
        {
            errors.Add($"{Root}:FileOwner: '{text}' (uid {owner!.UserId}, gid {owner.GroupId}) needs {string.Join(" and ", missing)}, which this process "
                + $"(uid {uid}) lacks (CapEff {effective:x16}); run it under the unit 'lb-sidecar render systemd' writes, which grants them when FileOwner is set, or leave FileOwner empty");
        }
    }

    private static void ValidateStore(SidecarOptions options, List<string> errors)
    {
        var sync = options.CertificateSync;
        switch (sync.Store)
        {
            case CertificateStores.Blob:
                if (!ContainerPattern().IsMatch(sync.Container))
                {
                    errors.Add($"{Root}:Container: '{sync.Container}' is not a blob container name (3-63 lowercase letters, digits, single '-')");
                }
                if (sync.ContainerSasUri is null && string.IsNullOrWhiteSpace(options.Store.ConnectionString))
                {
                    errors.Add($"{Root}:Store: 'blob' needs Sidecar:Store:ConnectionString (the account holding the '{sync.Container}' container) or {Root}:ContainerSasUri");
                }
                break;
            case CertificateStores.KeyVault:
                if (sync.KeyVault.Uri is not { Scheme: "https" })
                {
                    errors.Add($"{Root}:KeyVault:Uri: required when Store is 'keyvault', an https URL such as https://my-vault.vault.azure.net/");
                }
                if (sync.KeyVault.TrustedRootPath is { } root && !File.Exists(root))
                {
                    errors.Add($"{Root}:KeyVault:TrustedRootPath: '{root}' does not exist");
                }
                break;
            case CertificateStores.Dapr:
                break; // its section is checked by CertificateDaprOptionsValidation
            default:
                errors.Add($"{Root}:Store: '{sync.Store}' must be 'blob', 'keyvault' or 'dapr'");
                break;
        }
    }

    private static void RequireRange(TimeSpan value, TimeSpan min, TimeSpan max, string field, List<string> errors)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Root}:{field}: '{value}' must be between '{min}' and '{max}'");
        }
    }

    [GeneratedRegex("^[0-9a-zA-Z-]{1,60}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerPattern();
}
