using System.Text.RegularExpressions;
using LbAcme.Core.Keys;
using LbAcme.Core.Names;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Core.Fleet;

/// <summary>
/// The rules of <c>Fleet:Certificates</c> (called by <see cref="FleetOptionsValidation"/>): each certificate's name,
/// names, key type and profile, which names two certificates may share, what an LB's ExtraName needs, and the store
/// names every (certificate, LB) pair gets. Every error names its configuration path, e.g.
/// <c>Fleet:Certificates[2]:Names[0]: ...</c>.
/// </summary>
public static partial class FleetCertificatesValidation
{
    /// <summary>
    /// Let's Encrypt's limit of 100 names per certificate (https://letsencrypt.org/docs/rate-limits/, "up to a limit of
    /// 100 Names per Certificate"); an LB's ExtraName counts when the certificate carries it.
    /// </summary>
    public const int MaxNames = 100;

    /// <summary>The longest store-name prefix (<c>Engine:CertificateName</c>, <c>Sidecar:CertificateSync:CertificateName</c>) the store names are checked with.</summary>
    public const int MaxPrefixLength = 60;

    /// <summary>Key Vault's longest certificate name (1-127 of letters, digits and '-'); the Blob store keeps the same rule.</summary>
    public const int MaxStoreNameLength = 127;

    private const string Root = $"{FleetOptions.SectionName}:{nameof(FleetOptions.Certificates)}";

    public static void Validate(FleetOptions fleet, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(errors);
        var certificates = fleet.Certificates;
        for (var c = 0; c < certificates.Count; c++)
        {
            ValidateOne(certificates[c], $"{Root}[{c}]", fleet.LoadBalancers, errors);
        }
        foreach (var duplicate in certificates.Select((cert, c) => (cert.Name, Index: c)).GroupBy(x => x.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var indexes = duplicate.Select(x => x.Index).ToList();
            errors.Add($"{Root}[{indexes[1]}]:Name: '{duplicate.Key}' is also {Root}[{indexes[0]}]:Name; each certificate needs its own name");
        }
        ValidateSharedNames(certificates, errors);
        ValidateExtraNamesCarried(fleet, errors);
        ValidateStoreNames(fleet, errors);
    }

    private static void ValidateOne(CertificateOptions certificate, string at, List<LoadBalancerOptions> lbs, List<string> errors)
    {
        if (!NamePattern().IsMatch(certificate.Name))
        {
            // No '.': FleetCertificates.SubjectKey joins an LB and a certificate name with one.
            errors.Add($"{at}:Name: '{certificate.Name}' must be 1-40 lowercase letters, digits or '-', starting and ending with a letter or digit");
        }
        if (certificate.Names.Count == 0)
        {
            errors.Add($"{at}:Names: at least one DNS name is required");
        }
        var extra = certificate.CarriesLbExtraName && lbs.Any(lb => !string.IsNullOrWhiteSpace(lb.ExtraName)) ? 1 : 0;
        if (certificate.Names.Count + extra > MaxNames)
        {
            var why = extra == 1 ? $" ({certificate.Names.Count} names and the LB's ExtraName)" : "";
            errors.Add($"{at}:Names: {certificate.Names.Count + extra} names{why}; Let's Encrypt issues at most {MaxNames} names per certificate");
        }
        for (var i = 0; i < certificate.Names.Count; i++)
        {
            if (FleetOptionsValidation.ServiceNameProblem(certificate.Names[i]) is { } problem)
            {
                errors.Add($"{at}:Names[{i}]: '{certificate.Names[i]}' {problem}");
            }
        }
        foreach (var duplicate in Canonical(certificate.Names).GroupBy(n => n.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{at}:Names[{duplicate.ElementAt(1).Index}]: '{duplicate.Key}' is also {at}:Names[{duplicate.First().Index}]");
        }
        if (certificate.KeyType is { } keyType && !Enum.IsDefined(keyType))
        {
            errors.Add($"{at}:KeyType: '{keyType}' {FleetOptionsValidation.KeyTypeProblem}");
        }
        if (certificate.Profile is { } profile && !FleetOptionsValidation.IsProfileName(profile))
        {
            errors.Add($"{at}:Profile: '{profile}' is not a profile name (letters, digits, '-', '_', '.')");
        }
    }

    /// <summary>An SNI name should pick one certificate; two may share a name only when both say so.</summary>
    private static void ValidateSharedNames(List<CertificateOptions> certificates, List<string> errors)
    {
        var first = new Dictionary<string, (int Certificate, int Index)>(StringComparer.Ordinal);
        for (var c = 0; c < certificates.Count; c++)
        {
            foreach (var (name, i) in Canonical(certificates[c].Names).DistinctBy(n => n.Name))
            {
                if (!first.TryGetValue(name, out var earlier))
                {
                    first[name] = (c, i);
                }
                else if (!(certificates[c].AllowNameOverlap && certificates[earlier.Certificate].AllowNameOverlap))
                {
                    errors.Add($"{Root}[{c}]:Names[{i}]: '{name}' is also {Root}[{earlier.Certificate}]:Names[{earlier.Index}]; a name may be in two certificates only when both set AllowNameOverlap");
                }
            }
        }
    }

    /// <summary>An ExtraName no certificate carries would never be issued, and nothing would say so.</summary>
    private static void ValidateExtraNamesCarried(FleetOptions fleet, List<string> errors)
    {
        if (fleet.Certificates.Count == 0 || fleet.Certificates.Any(c => c.CarriesLbExtraName))
        {
            return;
        }
        for (var i = 0; i < fleet.LoadBalancers.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(fleet.LoadBalancers[i].ExtraName))
            {
                errors.Add($"{FleetOptions.SectionName}:LoadBalancers[{i}]:ExtraName: '{fleet.LoadBalancers[i].ExtraName}' is in no certificate; set CarriesLbExtraName on the {Root} entry that should carry it");
            }
        }
    }

    /// <summary>
    /// Every (certificate, LB) pair is one Key Vault certificate (<see cref="FleetCertificates.StoreName"/>): two pairs
    /// with one name would overwrite each other (certificate "web" on LB "lb0" and the default certificate on LB
    /// "web-lb0" are both "{prefix}-web-lb0"), and a name over 127 characters cannot be stored.
    /// </summary>
    private static void ValidateStoreNames(FleetOptions fleet, List<string> errors)
    {
        var certificates = fleet.Certificates.Select((cert, c) => (cert.Name, At: $"{Root}[{c}]:Name")).Where(x => NamePattern().IsMatch(x.Name)).ToList();
        var lbs = fleet.LoadBalancers.Where(lb => !string.IsNullOrEmpty(lb.Name)).Select(lb => lb.Name).Distinct(StringComparer.Ordinal).ToList();
        var prefix = new string('x', MaxPrefixLength);
        var seen = new Dictionary<string, (string Certificate, string Lb)>(StringComparer.Ordinal);
        foreach (var (certificate, at) in certificates.DistinctBy(x => x.Name))
        {
            foreach (var lb in lbs)
            {
                var name = FleetCertificates.StoreName(prefix, certificate, lb);
                if (name.Length > MaxStoreNameLength)
                {
                    errors.Add($"{at}: '{certificate}' on LB '{lb}' gives a store name of {name.Length} characters with a {MaxPrefixLength}-character Engine:CertificateName; Key Vault allows {MaxStoreNameLength} (shorten the certificate or LB name)");
                }
                if (seen.TryGetValue(name, out var other))
                {
                    errors.Add($"{at}: '{certificate}' on LB '{lb}' has the store name of certificate '{other.Certificate}' on LB '{other.Lb}' ('{{Engine:CertificateName}}{name[MaxPrefixLength..]}'); rename one");
                }
                else
                {
                    seen[name] = (certificate, lb);
                }
            }
        }
    }

    /// <summary>
    /// Values of the raw <c>Fleet:Certificates</c> entries the binder cannot convert (an unknown key type, a flag that
    /// is not true or false), each naming its field, as <see cref="FleetOptionsValidation.RawErrors"/> does for the rest.
    /// </summary>
    public static List<string> RawErrors(IConfiguration fleetSection)
    {
        ArgumentNullException.ThrowIfNull(fleetSection);
        var errors = new List<string>();
        var raw = fleetSection.GetSection(nameof(FleetOptions.Certificates)).GetChildren().ToList();
        for (var c = 0; c < raw.Count; c++)
        {
            if (raw[c][nameof(CertificateOptions.KeyType)] is { Length: > 0 } keyType && !(Enum.TryParse<KeyType>(keyType, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)))
            {
                errors.Add($"{Root}[{c}]:KeyType: '{keyType}' {FleetOptionsValidation.KeyTypeProblem}");
            }
            foreach (var flag in new[] { nameof(CertificateOptions.CarriesLbExtraName), nameof(CertificateOptions.AllowNameOverlap) })
            {
                if (raw[c][flag] is { } value && !bool.TryParse(value, out _))
                {
                    errors.Add($"{Root}[{c}]:{flag}: '{value}' is not true or false");
                }
            }
        }
        return errors;
    }

    private static IEnumerable<(string Name, int Index)> Canonical(List<string> names) =>
        names.Select((n, i) => (Name: DnsName.Normalize(n), Index: i)).Where(n => n.Name is not null).Select(n => (n.Name!, n.Index));

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
