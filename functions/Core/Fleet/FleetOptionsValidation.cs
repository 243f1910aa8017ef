using System.Net;
using System.Text.RegularExpressions;
using LbAcme.Core.Keys;
using LbAcme.Core.Names;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LbAcme.Core.Fleet;

/// <summary>
/// Checks a fleet description before anything runs on it. Every error names the configuration path of the
/// field, e.g. <c>Fleet:LoadBalancers[1]:Address: 'foo' is not an IP address</c>, so an operator can fix
/// fleet.json without reading code.
/// </summary>
public sealed partial class FleetOptionsValidation(IConfiguration? section = null) : IValidateOptions<FleetOptions>
{
    private const string Root = FleetOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateNames(options, errors);
        ValidateAcme(options, errors);
        ValidateRenewal(options.Renewal, errors);
        ValidateLoadBalancers(options.LoadBalancers, errors);
        ValidateVips(options.Vips, errors);
        ValidateTrustedRoots(options.TrustedRoots, errors);
        ValidateRawLoadBalancers(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateNames(FleetOptions options, List<string> errors)
    {
        if (options.Names.Count == 0)
        {
            errors.Add($"{Root}:Names: at least one DNS name is required");
        }
        for (var i = 0; i < options.Names.Count; i++)
        {
            if (!DnsName.TryNormalize(options.Names[i], out _, out var problem))
            {
                errors.Add($"{Root}:Names[{i}]: '{options.Names[i]}' {problem}");
            }
        }
        // Canonical forms, so 'Svc.example.com' and 'svc.example.com.' count as the same name.
        foreach (var duplicate in options.Names.GroupBy(n => DnsName.Normalize(n) ?? n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:Names: '{duplicate.Key}' appears {duplicate.Count()} times");
        }
    }

    private static void ValidateAcme(FleetOptions options, List<string> errors)
    {
        if (options.AcmeDirectoryUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback))
        {
            errors.Add($"{Root}:AcmeDirectoryUrl: '{options.AcmeDirectoryUrl}' must be an absolute https URL (http only on loopback)");
        }
        for (var i = 0; i < options.Contact.Count; i++)
        {
            if (!Uri.TryCreate(options.Contact[i], UriKind.Absolute, out var contact) || contact.Scheme != "mailto")
            {
                errors.Add($"{Root}:Contact[{i}]: '{options.Contact[i]}' is not a mailto: URI");
            }
        }
        if (!Enum.IsDefined(options.KeyType))
        {
            errors.Add($"{Root}:KeyType: '{options.KeyType}' {KeyTypeProblem}");
        }
        if (options.Profile is { } profile && !ProfilePattern().IsMatch(profile))
        {
            errors.Add($"{Root}:Profile: '{profile}' is not a profile name (letters, digits, '-', '_', '.')");
        }
        if (options.Eab is { } eab)
        {
            if (string.IsNullOrWhiteSpace(eab.KeyId))
            {
                errors.Add($"{Root}:Eab:KeyId: required when Eab is given");
            }
            if (!Base64UrlPattern().IsMatch(eab.HmacKey))
            {
                errors.Add($"{Root}:Eab:HmacKey: must be the base64url HMAC key the CA issued");
            }
        }
    }

    private static void ValidateRenewal(RenewalPolicyOptions renewal, List<string> errors)
    {
        if (renewal.CheckInterval <= TimeSpan.Zero || renewal.CheckInterval > TimeSpan.FromHours(12))
        {
            errors.Add($"{Root}:Renewal:CheckInterval: '{renewal.CheckInterval}' must be above zero and at most 12:00:00 (ARI at least twice a day)");
        }
        if (renewal.BackstopRemainingFraction is <= 0 or >= 1)
        {
            errors.Add($"{Root}:Renewal:BackstopRemainingFraction: '{renewal.BackstopRemainingFraction}' must be between 0 and 1");
        }
        if (renewal.ShortLivedBackstopRemainingFraction is <= 0 or >= 1)
        {
            errors.Add($"{Root}:Renewal:ShortLivedBackstopRemainingFraction: '{renewal.ShortLivedBackstopRemainingFraction}' must be between 0 and 1");
        }
        if (renewal.FirstIssuanceStagger < TimeSpan.Zero)
        {
            errors.Add($"{Root}:Renewal:FirstIssuanceStagger: '{renewal.FirstIssuanceStagger}' must not be negative");
        }
    }

    private static void ValidateLoadBalancers(List<LoadBalancerOptions> lbs, List<string> errors)
    {
        if (lbs.Count == 0)
        {
            errors.Add($"{Root}:LoadBalancers: at least one load balancer is required");
        }
        for (var i = 0; i < lbs.Count; i++)
        {
            var lb = lbs[i];
            var at = $"{Root}:LoadBalancers[{i}]";
            if (!LbNamePattern().IsMatch(lb.Name))
            {
                errors.Add($"{at}:Name: '{lb.Name}' must be 1-63 lowercase letters, digits or '-', starting with a letter or digit");
            }
            if (!IPAddress.TryParse(lb.Address, out _))
            {
                errors.Add($"{at}:Address: '{lb.Address}' is not an IP address");
            }
            if (lb.PeerPort is < 1 or > 65535)
            {
                errors.Add($"{at}:PeerPort: {lb.PeerPort} is not a TCP port (1-65535)");
            }
            if (lb.HttpPort is < 1 or > 65535)
            {
                errors.Add($"{at}:HttpPort: {lb.HttpPort} is not a TCP port (1-65535)");
            }
            if (lb.PeerPort == lb.HttpPort)
            {
                errors.Add($"{at}:PeerPort: {lb.PeerPort} must differ from HttpPort (the peer listener never fans out)");
            }
            if (lb.ExtraName is { } extra && !DnsName.TryNormalize(extra, out _, out var problem))
            {
                errors.Add($"{at}:ExtraName: '{extra}' {problem}");
            }
        }
        foreach (var duplicate in lbs.GroupBy(lb => lb.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:LoadBalancers: name '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        foreach (var duplicate in lbs.GroupBy(lb => $"{lb.Address}:{lb.PeerPort}", StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:LoadBalancers: peer endpoint '{duplicate.Key}' appears {duplicate.Count()} times");
        }
    }

    private static void ValidateVips(List<string> vips, List<string> errors)
    {
        for (var i = 0; i < vips.Count; i++)
        {
            if (!IPAddress.TryParse(vips[i], out _))
            {
                errors.Add($"{Root}:Vips[{i}]: '{vips[i]}' is not an IP address");
            }
        }
    }

    /// <summary>The form only; whether the roots can be loaded is checked where they are used (the sidecar's certificate sync).</summary>
    private static void ValidateTrustedRoots(TrustedRootsOptions roots, List<string> errors)
    {
        if (roots.Path is { } path && !System.IO.Path.IsPathFullyQualified(path))
        {
            errors.Add($"{Root}:TrustedRoots:Path: '{path}' must be an absolute path");
        }
        Span<byte> hash = stackalloc byte[48];
        for (var i = 0; i < roots.SpkiSha256.Count; i++)
        {
            var pin = roots.SpkiSha256[i];
            if (!Convert.TryFromBase64String(pin, hash, out var length) || length != 32)
            {
                errors.Add($"{Root}:TrustedRoots:SpkiSha256[{i}]: '{pin}' is not a base64 SHA-256 hash (44 characters)");
            }
        }
    }

    /// <summary>
    /// A port of the wrong type (e.g. PeerPort "abc") must be reported with its field, not as a binder exception or
    /// as a confusing "LB not found" (the reflection binder dropped such a list element). Reads the raw values.
    /// </summary>
    private void ValidateRawLoadBalancers(FleetOptions options, List<string> errors)
    {
        if (section is null)
        {
            return;
        }
        var raw = RawErrors(section);
        errors.AddRange(raw);
        var configured = section.GetSection(nameof(FleetOptions.LoadBalancers)).GetChildren().Count();
        if (raw.Count == 0 && configured != options.LoadBalancers.Count)
        {
            errors.Add($"{Root}:LoadBalancers: {configured} entries configured but only {options.LoadBalancers.Count} could be read (a value of the wrong type?)");
        }
    }

    private static string KeyTypeProblem => $"is not one of {string.Join(", ", Enum.GetNames<KeyType>())}";

    /// <summary>
    /// Values in the raw <c>Fleet</c> section the binder cannot convert (a port that is not a number, an unknown key
    /// type), each naming its field.
    /// </summary>
    public static List<string> RawErrors(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var errors = new List<string>();
        if (section[nameof(FleetOptions.KeyType)] is { } keyType && !(Enum.TryParse<KeyType>(keyType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)))
        {
            errors.Add($"{Root}:KeyType: '{keyType}' {KeyTypeProblem}");
        }
        var raw = section.GetSection(nameof(FleetOptions.LoadBalancers)).GetChildren().ToList();
        for (var i = 0; i < raw.Count; i++)
        {
            foreach (var port in new[] { nameof(LoadBalancerOptions.PeerPort), nameof(LoadBalancerOptions.HttpPort) })
            {
                var value = raw[i][port];
                if (value is not null && !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"{Root}:LoadBalancers[{i}]:{port}: '{value}' is not a TCP port (1-65535)");
                }
            }
        }
        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex LbNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfilePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+={0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64UrlPattern();
}
