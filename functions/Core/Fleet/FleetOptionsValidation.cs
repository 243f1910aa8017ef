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
        ValidateNameOverlaps(options, errors);
        ValidateVips(options, errors);
        ValidateTrustedRoots(options.TrustedRoots, errors);
        ValidateRawLoadBalancers(options, errors);
        if (section is not null)
        {
            errors.AddRange(UnknownKeys(section).Select(k => k.ToString()));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateNames(FleetOptions options, List<string> errors)
    {
        if (options.Certificates.Count > 0)
        {
            if (options.Names.Count > 0)
            {
                errors.Add($"{Root}:Names: give {Root}:Names or {Root}:Certificates, not both; Names is the one-certificate shorthand (a certificate named '{FleetCertificates.DefaultName}' that carries each LB's ExtraName)");
            }
            FleetCertificatesValidation.Validate(options, errors);
            return;
        }
        if (options.Names.Count == 0)
        {
            errors.Add($"{Root}:Names: at least one DNS name is required (or {Root}:Certificates, a list of certificates with their names)");
        }
        for (var i = 0; i < options.Names.Count; i++)
        {
            if (ServiceNameProblem(options.Names[i]) is { } problem)
            {
                errors.Add($"{Root}:Names[{i}]: '{options.Names[i]}' {problem}");
            }
        }
        // Canonical forms, so 'Svc.example.com' and 'svc.example.com.' count as the same name.
        foreach (var duplicate in options.Names.GroupBy(n => DnsName.Normalize(n) ?? n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:Names: '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        // The shorthand's certificate carries each LB's ExtraName, which counts against the CA's limit too.
        var extra = options.LoadBalancers.Any(lb => !string.IsNullOrWhiteSpace(lb.ExtraName)) ? 1 : 0;
        if (options.Names.Count + extra > FleetCertificatesValidation.MaxNames)
        {
            errors.Add($"{Root}:Names: {options.Names.Count} names{(extra == 1 ? " and the LB's ExtraName" : "")}; Let's Encrypt issues at most {FleetCertificatesValidation.MaxNames} names per certificate");
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
        if (!double.IsFinite(renewal.UsableLimitFraction) || renewal.UsableLimitFraction is <= 0 or > 1)
        {
            errors.Add($"{Root}:Renewal:UsableLimitFraction: '{renewal.UsableLimitFraction}' must be above 0 and at most 1 (the share of each Let's Encrypt limit the fleet may use)");
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
            if (IpAddressText.Problem(lb.Address) is { } addressProblem)
            {
                errors.Add($"{at}:Address: {addressProblem}");
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
            if (lb.ExtraName is { } extra && ServiceNameProblem(extra) is { } problem)
            {
                errors.Add($"{at}:ExtraName: '{extra}' {problem}");
            }
        }
        foreach (var duplicate in lbs.GroupBy(lb => lb.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{Root}:LoadBalancers: name '{duplicate.Key}' appears {duplicate.Count()} times");
        }
        // Several LBs may share an address (a test fleet on one host) but not a port on it: the second could not listen.
        var placed = lbs.Select((lb, i) => (Lb: lb, Index: i, Ip: IpAddressText.TryParse(lb.Address, out var ip) ? ip : null)).Where(p => p.Ip is not null).ToList();
        foreach (var (lb, i, ip) in placed)
        {
            foreach (var (other, j, _) in placed.Where(p => p.Index < i && p.Ip!.Equals(ip)))
            {
                int[] ports = [lb.PeerPort, lb.HttpPort];
                if (ports.Contains(other.PeerPort) || ports.Contains(other.HttpPort))
                {
                    errors.Add($"{Root}:LoadBalancers[{i}]:Address: '{lb.Address}' is also {Root}:LoadBalancers[{j}]:Address, and the two share a port (PeerPort/HttpPort {lb.PeerPort}/{lb.HttpPort} and {other.PeerPort}/{other.HttpPort})");
                }
            }
        }
    }

    /// <summary>Each certificate name once: an ExtraName is the one name only its LB carries. Names are compared (and shown) canonical.</summary>
    private static void ValidateNameOverlaps(FleetOptions options, List<string> errors)
    {
        var fleetNames = ConfiguredNames(options).ToList();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.LoadBalancers.Count; i++)
        {
            var extra = DnsName.Normalize(options.LoadBalancers[i].ExtraName);
            if (extra is null)
            {
                continue;
            }
            var at = $"{Root}:LoadBalancers[{i}]:ExtraName";
            if (fleetNames.FirstOrDefault(n => n.Name == extra) is { Name: not null } shared)
            {
                errors.Add($"{at}: '{options.LoadBalancers[i].ExtraName}' is also {shared.Path}; an ExtraName is a name only this LB's certificate carries");
            }
            else if (seen.TryGetValue(extra, out var first))
            {
                errors.Add($"{at}: '{options.LoadBalancers[i].ExtraName}' is also {Root}:LoadBalancers[{first}]:ExtraName; each LB needs its own");
            }
            else
            {
                seen[extra] = i;
            }
        }
    }

    /// <summary>Every certificate name the fleet file gives (the shorthand's or each certificate's), canonical, with its path.</summary>
    private static IEnumerable<(string? Name, string Path)> ConfiguredNames(FleetOptions options)
    {
        var names = options.Names.Select((n, i) => (Name: DnsName.Normalize(n), Path: $"{Root}:Names[{i}]"));
        var certificates = options.Certificates.SelectMany((c, ci) => c.Names.Select((n, i) => (Name: DnsName.Normalize(n), Path: $"{Root}:Certificates[{ci}]:Names[{i}]")));
        return names.Concat(certificates).Where(n => n.Name is not null);
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot be a certificate name, or null. Beyond <see cref="DnsName"/>'s form: a public CA
    /// issues for no single-label name, and an all-digit last label is an IP address spelled loosely (10.0.0.256, 1.2.3.4.5).
    /// </summary>
    internal static string? ServiceNameProblem(string name)
    {
        if (!DnsName.TryNormalize(name, out var canonical, out var problem))
        {
            return problem;
        }
        var labels = canonical.Split('.');
        if (labels.Length == 1)
        {
            return "is a single label; a certificate name needs a domain (e.g. svc.example.com)";
        }
        return labels[^1].All(char.IsAsciiDigit) ? "looks like an IP address (its last label is all digits), not a DNS name" : null;
    }

    private static void ValidateVips(FleetOptions options, List<string> errors)
    {
        var vips = options.Vips;
        var seen = new Dictionary<IPAddress, int>();
        for (var i = 0; i < vips.Count; i++)
        {
            if (!IpAddressText.TryParse(vips[i], out var vip))
            {
                errors.Add($"{Root}:Vips[{i}]: {IpAddressText.Problem(vips[i])}");
                continue;
            }
            if (seen.TryGetValue(vip, out var first))
            {
                errors.Add($"{Root}:Vips[{i}]: '{vips[i]}' is also {Root}:Vips[{first}]");
                continue;
            }
            seen[vip] = i;
            var lb = options.LoadBalancers.FindIndex(lb => IpAddressText.TryParse(lb.Address, out var address) && address.Equals(vip));
            if (lb >= 0)
            {
                errors.Add($"{Root}:Vips[{i}]: '{vips[i]}' is also {Root}:LoadBalancers[{lb}]:Address; a VIP moves between LBs, an LB's own address does not");
            }
        }
    }

    /// <summary>The keys under the <c>Fleet</c> section that <see cref="FleetOptions"/> does not bind, each with a "did you mean".</summary>
    public static IReadOnlyList<UnknownKey> UnknownKeys(IConfiguration section) =>
        StrictKeys.Check(section, Root, FleetOptionsJson.Default.FleetOptions);

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
        var certificates = section.GetSection(nameof(FleetOptions.Certificates)).GetChildren().Count();
        if (raw.Count == 0 && certificates != options.Certificates.Count)
        {
            errors.Add($"{Root}:Certificates: {certificates} entries configured but only {options.Certificates.Count} could be read (a value of the wrong type?)");
        }
    }

    internal static string KeyTypeProblem => $"is not one of {string.Join(", ", Enum.GetNames<KeyType>())}";

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
        errors.AddRange(FleetCertificatesValidation.RawErrors(section));
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

    internal static bool IsProfileName(string profile) => ProfilePattern().IsMatch(profile);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfilePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+={0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Base64UrlPattern();
}
