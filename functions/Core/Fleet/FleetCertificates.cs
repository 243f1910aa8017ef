using LbAcme.Core.Names;

namespace LbAcme.Core.Fleet;

/// <summary>
/// The fleet's certificates and every name derived from one, defined once for the renewal engine, the sidecar, the
/// status and the renderers. <c>Fleet:Names</c> is the one-certificate shorthand: it reads as one certificate named
/// <see cref="DefaultName"/> that carries each LB's ExtraName, with the fleet's key type and profile, so fleet files
/// written before <c>Fleet:Certificates</c> keep their store names, state paths and PEM path unchanged.
/// </summary>
public static class FleetCertificates
{
    /// <summary>The shorthand's certificate; a <c>Fleet:Certificates</c> entry may take this name to keep an existing fleet's certificates.</summary>
    public const string DefaultName = "default";

    /// <summary>Every certificate, in configured order (the first is HAProxy's default for a handshake whose SNI matches none).</summary>
    public static IReadOnlyList<FleetCertificate> All(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (fleet.Certificates.Count == 0)
        {
            return fleet.Names.Count == 0
                ? []
                : [new FleetCertificate(DefaultName, [.. fleet.Names.Select(Canonical).Distinct(StringComparer.Ordinal)], fleet.KeyType, fleet.Profile, CarriesLbExtraName: true, AllowNameOverlap: false)];
        }
        return [.. fleet.Certificates.Select(c => new FleetCertificate(
            c.Name,
            [.. c.Names.Select(Canonical).Distinct(StringComparer.Ordinal)],
            c.KeyType ?? fleet.KeyType,
            c.Profile ?? fleet.Profile,
            c.CarriesLbExtraName,
            c.AllowNameOverlap))];
    }

    /// <summary>The certificate called <paramref name="name"/>, or null.</summary>
    public static FleetCertificate? Find(FleetOptions fleet, string? name) =>
        All(fleet).FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    /// <summary>The names <paramref name="lb"/>'s copy of <paramref name="certificate"/> carries: its names, then the LB's ExtraName if it carries it; each once.</summary>
    public static IReadOnlyList<string> NamesFor(FleetCertificate certificate, LoadBalancerOptions lb)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(lb);
        IEnumerable<string> names = certificate.CarriesLbExtraName && !string.IsNullOrWhiteSpace(lb.ExtraName)
            ? [.. certificate.Names, Canonical(lb.ExtraName)]
            : certificate.Names;
        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The name of <paramref name="lb"/>'s copy in the certificate store (Key Vault certificate, blob "{name}.pem"):
    /// "{prefix}-{lb}" for the default certificate (as before), "{prefix}-{certificate}-{lb}" for the others.
    /// <paramref name="prefix"/> is <c>Engine:CertificateName</c> / <c>Sidecar:CertificateSync:CertificateName</c>.
    /// The validator refuses a fleet in which two (certificate, LB) pairs give one name.
    /// </summary>
    public static string StoreName(string prefix, string certificate, string lb)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentException.ThrowIfNullOrEmpty(certificate);
        ArgumentException.ThrowIfNullOrEmpty(lb);
        return certificate == DefaultName ? $"{prefix}-{lb}" : $"{prefix}-{certificate}-{lb}";
    }

    /// <summary>
    /// The key of one (LB, certificate) pair in the shared store's per-subject paths (<see cref="Store.StoreLayout"/>
    /// RunState, RunRecordPrefix, Pending) and in the notification state: "{lb}" for the default certificate (as
    /// before), "{lb}.{certificate}" for the others. Neither an LB nor a certificate name has a '.', so keys never collide.
    /// </summary>
    public static string SubjectKey(string lb, string certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(lb);
        ArgumentException.ThrowIfNullOrEmpty(certificate);
        return certificate == DefaultName ? lb : $"{lb}.{certificate}";
    }

    /// <summary>Where HAProxy reads an LB's copy of <paramref name="certificate"/>: acmetool's <c>{CertificateDirectory}/{first name}/haproxy</c>.</summary>
    public static string PemPath(FleetOptions fleet, FleetCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Names.Count == 0)
        {
            throw new InvalidOperationException($"certificate '{certificate.Name}' has no names; validate the fleet before asking for its PEM path");
        }
        return Path.Combine(fleet.HaProxy.CertificateDirectory, certificate.Names[0], "haproxy");
    }

    /// <summary>
    /// The crt-list HAProxy's TLS binds read (one line per certificate PEM, in <see cref="All"/> order) and the sidecar
    /// keeps current: <see cref="HaProxyOptions.CrtList"/>, else <c>haproxy.crt-list</c> beside the certificate directory.
    /// </summary>
    public static string CrtListPath(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        if (!string.IsNullOrWhiteSpace(fleet.HaProxy.CrtList))
        {
            return fleet.HaProxy.CrtList;
        }
        var directory = fleet.HaProxy.CertificateDirectory.TrimEnd('/');
        var parent = Path.GetDirectoryName(directory);
        return Path.Combine(string.IsNullOrEmpty(parent) ? directory : parent, "haproxy.crt-list");
    }

    private static string Canonical(string name) => DnsName.Normalize(name) ?? name;
}
