using LbAcme.Core.Names;
using Microsoft.Extensions.Configuration;

namespace LbAcme.Core.Fleet;

/// <summary>
/// The names an LB's certificate carries and where HAProxy reads it, defined once for the renewal engine, the
/// sidecar and the renderers. Names are canonicalized when the fleet is bound (<see cref="Canonicalize"/>, a
/// post-configure step), so every consumer reads the same spelling; <see cref="Notes"/> tells the operator what
/// that changed, and <see cref="FleetOptionsValidation"/> refuses what has no canonical form.
/// </summary>
public static class FleetNames
{
    private const string Root = FleetOptions.SectionName;

    /// <summary>Fleet names, then the LB's own extra name: canonical, each once, in that order.</summary>
    public static IReadOnlyList<string> ForLoadBalancer(FleetOptions fleet, LoadBalancerOptions lb)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(lb);
        IEnumerable<string> names = string.IsNullOrWhiteSpace(lb.ExtraName) ? fleet.Names : [.. fleet.Names, lb.ExtraName];
        return names.Select(Canonical).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Where HAProxy reads every LB's PEM (leaf, chain, key) unless the sidecar is told otherwise: acmetool's
    /// layout, <c>{CertificateDirectory}/{first fleet name}/haproxy</c>, of the fleet's first certificate (see
    /// <see cref="FleetCertificates.PemPath"/> for the others).
    /// </summary>
    public static string DefaultPemPath(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var certificates = FleetCertificates.All(fleet);
        if (certificates.Count == 0)
        {
            throw new InvalidOperationException($"{Root}:Names and {Root}:Certificates are empty; validate the fleet before asking for its PEM path");
        }
        return FleetCertificates.PemPath(fleet, certificates[0]);
    }

    /// <summary>Rewrites every name that has a canonical form to it; names without one stay for the validator to refuse.</summary>
    public static void Canonicalize(FleetOptions fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        for (var i = 0; i < fleet.Names.Count; i++)
        {
            fleet.Names[i] = Canonical(fleet.Names[i]);
        }
        foreach (var certificate in fleet.Certificates)
        {
            for (var i = 0; i < certificate.Names.Count; i++)
            {
                certificate.Names[i] = Canonical(certificate.Names[i]);
            }
        }
        foreach (var lb in fleet.LoadBalancers)
        {
            if (!string.IsNullOrWhiteSpace(lb.ExtraName))
            {
                lb.ExtraName = Canonical(lb.ExtraName);
            }
        }
    }

    /// <summary>One line per configured name whose canonical form differs, e.g. <c>Fleet:Names[0]: 'Svc.Example.com.' is used as 'svc.example.com'</c>.</summary>
    public static IReadOnlyList<string> Notes(IConfiguration fleetSection)
    {
        ArgumentNullException.ThrowIfNull(fleetSection);
        var notes = new List<string>();
        var names = fleetSection.GetSection(nameof(FleetOptions.Names)).GetChildren().ToList();
        for (var i = 0; i < names.Count; i++)
        {
            Note($"{Root}:Names[{i}]", names[i].Value, notes);
        }
        var certificates = fleetSection.GetSection(nameof(FleetOptions.Certificates)).GetChildren().ToList();
        for (var c = 0; c < certificates.Count; c++)
        {
            var certificateNames = certificates[c].GetSection(nameof(CertificateOptions.Names)).GetChildren().ToList();
            for (var i = 0; i < certificateNames.Count; i++)
            {
                Note($"{Root}:Certificates[{c}]:Names[{i}]", certificateNames[i].Value, notes);
            }
        }
        var lbs = fleetSection.GetSection(nameof(FleetOptions.LoadBalancers)).GetChildren().ToList();
        for (var i = 0; i < lbs.Count; i++)
        {
            Note($"{Root}:LoadBalancers[{i}]:ExtraName", lbs[i][nameof(LoadBalancerOptions.ExtraName)], notes);
        }
        return notes;
    }

    private static void Note(string path, string? raw, List<string> notes)
    {
        if (raw is not null && DnsName.TryNormalize(raw, out var canonical, out _) && canonical != raw)
        {
            notes.Add($"{path}: '{raw}' is used as '{canonical}'");
        }
    }

    private static string Canonical(string name) => DnsName.Normalize(name) ?? name;
}
